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

// The legacy Node agents server (its own package; `./flex` runs `npm ci` at set-up, not at every start).
var legacy = builder.AddExecutable(ResourceNames.LegacyAgents, "node", "../legacy-agents-server", "server.js")
    .WithHttpEndpoint(env: "PORT")
    .WithEnvironment("HOST", "127.0.0.1")
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithReference(registry.GetEndpoint("http"))
    .WithHttpHealthCheck("/api/v1/health");
legacy.WithEnvironment("SELF_URL", legacy.GetEndpoint("http"));

builder.Build().Run();
