using FlexAspire.Api.Agents;
using FlexAspire.Api.Data;
using FlexAspire.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFlexData();
builder.AddFlexApi();
builder.AddAgentRuntime();

var app = builder.Build();
app.UseFlexFeatureGate();
app.MapDefaultEndpoints();

var flex = app.MapFlexGroup();

app.Run();
