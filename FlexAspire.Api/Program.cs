using FlexAspire.Api.Agents;
using FlexAspire.Api.Capabilities;
using FlexAspire.Api.Contracts;
using FlexAspire.Api.Data;
using FlexAspire.Api.Hitl;
using FlexAspire.Api.Hosting;
using FlexAspire.Api.Runs;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFlexData();
builder.AddFlexApi();
builder.AddAgentRuntime();
builder.AddCapabilityRegistration();
builder.AddRuns();
builder.AddHitl();

var app = builder.Build();
app.UseFlexFeatureGate();
app.MapDefaultEndpoints();
app.MapContractsApi();

var flex = app.MapFlexGroup();
flex.MapCapabilityRegistrationForwarding();
flex.MapRunsApi();
flex.MapHitlApi();

app.Run();
