using FlexAspire.Registry.Capabilities;
using FlexAspire.Registry.Data;
using FlexAspire.Registry.Facets;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFlexOpenApi("FlexAspire registry", "Capability registrations, heartbeats and the facet catalog.");
builder.AddRegistryData();
builder.AddRegistryCapabilities();

var app = builder.Build();
app.UseExceptionHandler();
app.UseResponseCompression();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapFlexOpenApi();
app.MapCapabilitiesApi();
app.MapFacetsApi();
app.Run();
