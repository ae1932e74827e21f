using FlexAspire.Registry.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRegistryData();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
