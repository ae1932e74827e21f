using FlexAspire.Api.Agents;
using FlexAspire.Api.Capabilities;
using FlexAspire.Api.Data;
using FlexAspire.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFlexData();
builder.AddFlexApi();
builder.AddAgentRuntime();
builder.AddCapabilityRegistration();

var app = builder.Build();
app.UseFlexFeatureGate();
app.MapDefaultEndpoints();

var flex = app.MapFlexGroup();
flex.MapCapabilityRegistrationForwarding();

app.Run();
