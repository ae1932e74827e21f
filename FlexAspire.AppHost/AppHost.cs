using FlexAspire.AppHost.Postgres;
using FlexAspire.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

var flexEnabled = builder.AddParameter("flex-enabled", "true");
// Shared secret for capability registration; generated once and kept in the AppHost's user secrets.
var registryToken = builder.AddParameter("registry-token",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

var flexdb = builder.AddFlexDatabase();

var registry = builder.AddProject<Projects.FlexAspire_Registry>(ResourceNames.Registry)
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithEnvironment("Registry__Token", registryToken)
    .WithHttpHealthCheck("/health");

var planner = builder.AddProject<Projects.FlexAspire_Planner>(ResourceNames.Planner)
    .WithReference(registry)
    .WaitFor(registry)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.FlexAspire_Api>(ResourceNames.Api)
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithReference(registry)
    .WithReference(planner)
    .WaitFor(planner)
    .WithEnvironment("FLEX_ENABLED", flexEnabled)
    .WithEnvironment("Registry__Token", registryToken)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
