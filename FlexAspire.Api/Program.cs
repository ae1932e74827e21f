using FlexAspire.Api.Agents;
using FlexAspire.Api.Capabilities;
using FlexAspire.Api.Cluster;
using FlexAspire.Api.Envelopes;
using FlexAspire.Api.Hitl;
using FlexAspire.Api.Hosting;
using FlexAspire.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFlexOpenApi("FlexAspire API", "The public flex API: runs and their event streams, human tasks, HITL, contracts.");
builder.AddOwnedDbContext<FlexDbContext>(FlexDbContext.MigrationsHistoryTable);
builder.AddRunCluster();
builder.AddFlexApi();
builder.AddFlexSecurity();
builder.AddAgentRuntime();
builder.AddCapabilityRegistration();
builder.AddRuns();
builder.AddHitl();

var app = builder.Build();
app.UseFlexProblemDetails();
app.UseFlexFeatureGate();
app.UseFlexSecurity();
app.MapDefaultEndpoints();
app.MapFlexOpenApi();

var flex = app.MapFlexGroup().RequireApiKey();
flex.MapContractsApi();
flex.MapCapabilityRegistrationForwarding();
flex.MapRunsApi();
flex.MapHitlApi();
flex.MapClusterApi();
flex.MapUnknownRoutes();

app.Run();
