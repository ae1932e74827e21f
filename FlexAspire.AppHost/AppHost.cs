using Microsoft.Extensions.Configuration;
using FlexAspire.AppHost.Postgres;
using FlexAspire.AppHost.Redis;
using FlexAspire.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

var flexEnabled = builder.AddParameter("flex-enabled", "true");
// Shared secret for capability registration; generated once and kept in the AppHost's user secrets.
var registryToken = builder.AddParameter("registry-token",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
// Bearer API key of the public flex API (docs/security.md); the SPA's dev proxy adds it server-side.
var flexApiKey = builder.AddParameter("flex-api-key",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
// The legacy agents server's API_KEY (its /api/v1/agent/* routes need it); flex sends it when it calls legacy agents.
var legacyApiKey = builder.AddParameter("legacy-api-key",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

// The agent runtime's model (docs/agents.md): from `Parameters:openai-*` or the usual OPENAI_* variables of the
// AppHost's environment. No key and no base URL: the API uses its embedded offline model.
string ModelSetting(string parameter, string variable, string fallback = "") =>
    builder.Configuration[$"Parameters:{parameter}"] ?? builder.Configuration[variable] ?? fallback;
var openAiKey = builder.AddParameter("openai-api-key", () => ModelSetting("openai-api-key", "OPENAI_API_KEY"), secret: true);
var openAiBaseUrl = builder.AddParameter("openai-base-url", () => ModelSetting("openai-base-url", "OPENAI_BASE_URL"));
var openAiModel = builder.AddParameter("openai-model", () => ModelSetting("openai-model", "OPENAI_MODEL", "gpt-4o-mini"));

var flexdb = builder.AddFlexDatabase();
// Every API replica is an Orleans silo; they form one cluster through Redis (membership and reminders), docs/runs.md.
var redis = builder.AddFlexRedis();
var cluster = builder.AddOrleans(ResourceNames.Cluster)
    .WithClustering(redis.AsOrleansProvider())
    .WithReminders(redis.AsOrleansProvider());
var apiReplicas = builder.Configuration.GetValue("Flex:ApiReplicas", 1);
if (apiReplicas < 1)
{
    throw new InvalidOperationException($"Flex:ApiReplicas must be at least 1, not {apiReplicas}.");
}

var registry = builder.AddProject<Projects.FlexAspire_Registry>(ResourceNames.Registry)
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithEnvironment("Registry__Token", registryToken)
    .WithHttpHealthCheck("/health");
// Dashboard links an operator uses most: what is registered, and the recent runs (below).
registry.WithUrl($"{registry.GetEndpoint("http")}/api/v1/flex/capabilities", "Capabilities (JSON)");

var planner = builder.AddProject<Projects.FlexAspire_Planner>(ResourceNames.Planner)
    .WithReference(registry)
    .WaitFor(registry)
    .WithHttpHealthCheck("/health");

var api = builder.AddProject<Projects.FlexAspire_Api>(ResourceNames.Api)
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithReference(cluster)
    .WaitFor(redis)
    // The replicas run on this machine: silos advertise loopback (by default Orleans advertises the network address).
    .WithEnvironment("Flex__Cluster__AdvertisedAddress", "127.0.0.1")
    .WithReference(registry)
    .WithReference(planner)
    .WaitFor(planner)
    .WithEnvironment("FLEX_ENABLED", flexEnabled)
    .WithEnvironment("Registry__Token", registryToken)
    .WithEnvironment("Flex__ApiKeys__0", flexApiKey)
    .WithEnvironment("OPENAI_API_KEY", openAiKey)
    .WithEnvironment("OPENAI_BASE_URL", openAiBaseUrl)
    .WithEnvironment("OPENAI_MODEL", openAiModel)
    .WithHttpHealthCheck("/health");
if (apiReplicas > 1)
{
    api.WithReplicas(apiReplicas); // one address (the AppHost's proxy) spreads connections over the replicas
}
api.WithUrl($"{api.GetEndpoint("http")}/api/v1/flex/runs", "Runs (JSON)");
api.WithUrl($"{api.GetEndpoint("http")}/api/v1/flex/runs?status=running", "Running runs (JSON)");

// The legacy Node agents server (its own package; `./flex` runs `npm ci` at set-up, not at every start).
var legacy = builder.AddExecutable(ResourceNames.LegacyAgents, "node", "../legacy-agents-server", "server.js")
    .WithHttpEndpoint(env: "PORT")
    .WithEnvironment("HOST", "127.0.0.1")
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithReference(registry.GetEndpoint("http"))
    .WithEnvironment("REGISTRY_TOKEN", registryToken)
    .WithEnvironment("API_KEY", legacyApiKey)
    .WithHttpHealthCheck("/api/v1/health");
legacy.WithEnvironment("SELF_URL", legacy.GetEndpoint("http"));
// The legacy server is a trusted outbound host of the API (plain http on loopback, refused for any other remote
// agent), and the API sends it the legacy API key (docs/security.md, outbound policy).
api.WithEnvironment("Flex__Agents__Outbound__Hosts__0__Host", legacy.GetEndpoint("http").Property(EndpointProperty.HostAndPort))
    .WithEnvironment("Flex__Agents__Outbound__Hosts__0__BearerToken", legacyApiKey);

// The SPA (docs/spa.md): the Vite dev server, run by node directly so the stop signal reaches it. It proxies /api to
// the API server-side, so no secret ever reaches the browser bundle. `./flex` runs `npm ci` in spa/ at set-up.
var flexPopupEnabled = builder.AddParameter("flex-popup-enabled", "true");
builder.AddExecutable(ResourceNames.Spa, "node", "../spa", "node_modules/vite/bin/vite.js", "--strictPort")
    .WithHttpEndpoint(env: "PORT")
    .WithReference(api)
    .WaitFor(api)
    .WithEnvironment("FLEX_API_KEY", flexApiKey) // added by the dev proxy, server-side (docs/security.md)
    .WithEnvironment("VITE_FLEX_POPUP_ENABLED", flexPopupEnabled)
    .WithEnvironment("VITE_DASHBOARD_URL", builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0] ?? "http://localhost:15080");

builder.Build().Run();
