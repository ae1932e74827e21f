using FlexAspire.Data;
using FlexAspire.Registry.Capabilities;
using FlexAspire.Registry.Facets;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFlexOpenApi("FlexAspire registry", "Capability registrations, heartbeats and the facet catalog.");
builder.AddOwnedDbContext<RegistryDbContext>(RegistryDbContext.MigrationsHistoryTable);
builder.AddRegistryCapabilities();

var app = builder.Build();
app.UseFlexProblemDetails();
app.UseResponseCompression();
app.MapDefaultEndpoints();
app.MapFlexOpenApi();
app.MapCapabilitiesApi();
app.MapFacetsApi();
app.Run();
