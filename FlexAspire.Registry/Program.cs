using FlexAspire.Registry.Capabilities;
using FlexAspire.Registry.Data;
using FlexAspire.Registry.Facets;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRegistryData();
builder.AddRegistryCapabilities();

var app = builder.Build();
app.UseExceptionHandler();
app.UseResponseCompression();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapCapabilitiesApi();
app.MapFacetsApi();
app.Run();
