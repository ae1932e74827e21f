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

var api = builder.AddProject<Projects.FlexAspire_Api>(ResourceNames.Api)
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithReference(registry)
    .WithReference(planner)
    .WaitFor(planner)
    .WithEnvironment("FLEX_ENABLED", flexEnabled)
    .WithEnvironment("Registry__Token", registryToken)
    .WithHttpHealthCheck("/health");

// A real model when the developer has one configured (environment or user secrets); otherwise the API's embedded
// offline model answers. The key goes through a secret parameter so the dashboard masks it.
if (builder.Configuration["OPENAI_API_KEY"] is { Length: > 0 } openAiKey)
{
    api.WithEnvironment("OPENAI_API_KEY", builder.AddParameter("openai-api-key", openAiKey, secret: true));
}
foreach (var setting in (string[])["OPENAI_BASE_URL", "OPENAI_MODEL"])
{
    if (builder.Configuration[setting] is { Length: > 0 } value)
    {
        api.WithEnvironment(setting, value);
    }
}

// The legacy Node agents server (its own package; `./flex` runs `npm ci` at set-up, not at every start).
var legacy = builder.AddExecutable(ResourceNames.LegacyAgents, "node", "../legacy-agents-server", "server.js")
    .WithHttpEndpoint(env: "PORT")
    .WithEnvironment("HOST", "127.0.0.1")
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithReference(registry.GetEndpoint("http"))
    .WithEnvironment("REGISTRY_TOKEN", registryToken)
    .WithHttpHealthCheck("/api/v1/health");
legacy.WithEnvironment("SELF_URL", legacy.GetEndpoint("http"));

builder.Build().Run();
