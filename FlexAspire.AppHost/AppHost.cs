using FlexAspire.AppHost.Dashboard;
using FlexAspire.AppHost.Hosting;
using Microsoft.Extensions.Configuration;
using FlexAspire.AppHost.Postgres;
using FlexAspire.AppHost.Redis;
using FlexAspire.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

var flexEnabled = builder.AddParameter("flex-enabled", "true")
    .WithDescription("`true`: the API serves the flex routes (`FLEX_ENABLED`); `false`: every `/api/v1/flex/*` route answers 404.", enableMarkdown: true);
// Shared secret for capability registration; generated once and kept in the AppHost's user secrets.
var registryToken = builder.AddParameter("registry-token",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true)
    .WithDescription("Bearer token agents use to register capabilities in the registry (generated once, kept in user secrets).");
// Bearer API key of the public flex API (docs/security.md); the SPA's dev proxy adds it server-side.
var flexApiKey = builder.AddParameter("flex-api-key",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true)
    .WithDescription("Bearer key of the public flex API (`Flex:ApiKeys:0`); the SPA's dev proxy adds it server-side.", enableMarkdown: true);
// The legacy agents server's API_KEY (its /api/v1/agent/* routes need it); flex sends it when it calls legacy agents.
var legacyApiKey = builder.AddParameter("legacy-api-key",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true)
    .WithDescription("`API_KEY` of the legacy agents server (its `/api/v1/agent/*` routes need it); flex sends it when it calls legacy agents.", enableMarkdown: true);

// The agent runtime's model (docs/agents.md): from `Parameters:openai-*` or the usual OPENAI_* variables of the
// AppHost's environment. No key and no base URL: the API uses its embedded offline model.
string ModelSetting(string parameter, string variable, string fallback = "") =>
    builder.Configuration[$"Parameters:{parameter}"] ?? builder.Configuration[variable] ?? fallback;
var openAiKey = builder.AddParameter("openai-api-key", () => ModelSetting("openai-api-key", "OPENAI_API_KEY"), secret: true)
    .WithDescription("OpenAI key (or `OPENAI_API_KEY`). Empty, with no base URL: the agents use the embedded offline model.", enableMarkdown: true);
var openAiBaseUrl = builder.AddParameter("openai-base-url", () => ModelSetting("openai-base-url", "OPENAI_BASE_URL"))
    .WithDescription("An OpenAI-compatible server (vLLM, Ollama `http://localhost:11434/v1`), or empty for api.openai.com.", enableMarkdown: true);
var openAiModel = builder.AddParameter("openai-model", () => ModelSetting("openai-model", "OPENAI_MODEL", "gpt-4o-mini"))
    .WithDescription("Default model of the agents (`OPENAI_MODEL`); a capability's preferred model wins on OpenAI.", enableMarkdown: true);

var flexdb = builder.AddFlexDatabase();
// Every API replica is an Orleans silo; they form one cluster through Redis (membership and reminders), docs/runs.md.
var redis = builder.AddFlexRedis();
var cluster = builder.AddFlexCluster(ResourceNames.Cluster, redis);
var apiReplicas = builder.Configuration.GetValue("Flex:ApiReplicas", 1);
if (apiReplicas < 1)
{
    throw new InvalidOperationException($"Flex:ApiReplicas must be at least 1, not {apiReplicas}.");
}

var registry = builder.AddProject<Projects.FlexAspire_Registry>(ResourceNames.Registry)
    .WithLoopbackEndpoint("http")
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithEnvironment("Registry__Token", registryToken)
    .WithHttpHealthCheck("/health")
    .WithRemoveInactiveCapabilitiesCommand(registryToken);
// Dashboard links (docs/observability.md): each answers 200 when clicked, without a key.
registry.WithUrl($"{registry.GetEndpoint("http")}/api/v1/flex/capabilities", "Capabilities (JSON)");
registry.WithApiReferenceUrl();

// One model configuration for the stack: with a key or an OpenAI-compatible server, the planner drafts plans with
// the agents' model (docs/planner.md, "LLM planner"); without either it plans deterministically.
var model = new FlexModelParameters(openAiKey, openAiBaseUrl, openAiModel);
var modelConfigured = ModelSetting("openai-api-key", "OPENAI_API_KEY").Length > 0 || ModelSetting("openai-base-url", "OPENAI_BASE_URL").Length > 0;
var planner = builder.AddFlexPlanner(ResourceNames.Planner, registry, modelConfigured ? model : null);

// The legacy Node agents server (its own package; `./flex` runs `npm ci` at set-up, not at every start).
var legacy = builder.AddExecutable(ResourceNames.LegacyAgents, "node", "../legacy-agents-server", "server.js")
    .WithHttpEndpoint(env: "PORT")
    .WithLoopbackEndpoint("http")
    .WithEnvironment("HOST", "127.0.0.1")
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithReference(registry.GetEndpoint("http"))
    .WithEnvironment("REGISTRY_TOKEN", registryToken)
    .WithEnvironment("API_KEY", legacyApiKey)
    .WithEnvironment("OPENAI_API_KEY", openAiKey)
    .WithEnvironment("OPENAI_BASE_URL", openAiBaseUrl)
    .WithEnvironment("OPENAI_MODEL", openAiModel)
    // Traces, metrics and logs to the dashboard; the Node SDK speaks OTLP over HTTP (docs/observability.md).
    .WithOtlpExporter(OtlpProtocol.HttpProtobuf)
    .WithHttpHealthCheck("/api/v1/health");
legacy.WithEnvironment("SELF_URL", legacy.GetEndpoint("http"));
legacy.WithUrlForEndpoint("http", url => (url.Url, url.DisplayText) = ("/api/v1/health", "Health (JSON)"));

var api = builder.AddFlexApi(ResourceNames.Api, new FlexApiDependencies(flexdb, redis, cluster, registry, planner, legacy,
    flexEnabled, registryToken, flexApiKey, legacyApiKey, model), apiReplicas);

// The SPA (docs/spa.md): the Vite dev server, run by node directly so the stop signal reaches it. It proxies /api to
// the API server-side, so no secret ever reaches the browser bundle. `./flex` runs `npm ci` in spa/ at set-up.
var flexPopupEnabled = builder.AddParameter("flex-popup-enabled", "true")
    .WithDescription("`true`: the SPA shows the **Create Post (Flex)** button (`VITE_FLEX_POPUP_ENABLED`).", enableMarkdown: true);
builder.AddFlexSpa(ResourceNames.Spa, new FlexSpaDependencies(api, flexApiKey, flexPopupEnabled));

builder.Build().Run();
