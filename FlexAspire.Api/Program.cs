using FlexAspire.Api.Data;
using FlexAspire.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFlexData();
builder.AddFlexApi();

var app = builder.Build();
app.UseFlexFeatureGate();
app.MapDefaultEndpoints();

var flex = app.MapFlexGroup();

app.Run();
