using Aspire.Hosting.Orleans;
using FlexAspire.AppHost.Dashboard;
using FlexAspire.AppHost.Redis;
using FlexAspire.Contracts;

namespace FlexAspire.AppHost.Hosting;

/// The agents' model (docs/agents.md): an OpenAI key, an OpenAI-compatible base URL, a model name.
public sealed record FlexModelParameters(
    IResourceBuilder<ParameterResource> ApiKey,
    IResourceBuilder<ParameterResource> BaseUrl,
    IResourceBuilder<ParameterResource> Name);

/// Everything an API resource is wired to. Kept on the API resource as an annotation, so another API declared beside
/// it (the test suite's variants, docs/testing.md) is wired the same way and swaps only what it must not share.
public sealed record FlexApiDependencies(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    OrleansService Cluster,
    IResourceBuilder<ProjectResource> Registry,
    IResourceBuilder<ProjectResource> Planner,
    IResourceBuilder<ExecutableResource> LegacyAgents,
    IResourceBuilder<ParameterResource> FlexEnabled,
    IResourceBuilder<ParameterResource> RegistryToken,
    IResourceBuilder<ParameterResource> FlexApiKey,
    IResourceBuilder<ParameterResource> LegacyApiKey,
    FlexModelParameters Model) : IResourceAnnotation;

/// What the SPA's dev server is wired to; kept on the SPA resource like FlexApiDependencies on the API's.
public sealed record FlexSpaDependencies(
    IResourceBuilder<ProjectResource> Api,
    IResourceBuilder<ParameterResource> FlexApiKey,
    IResourceBuilder<ParameterResource> PopupEnabled) : IResourceAnnotation;

public static class FlexServices
{
    /// An Orleans cluster whose membership and reminders live in Redis. Its ids are generated per cluster, so two
    /// clusters on one Redis never meet.
    public static OrleansService AddFlexCluster(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<IResourceWithConnectionString> redis) => builder.AddOrleans(name)
        .WithClustering(redis.AsOrleansProvider())
        .WithReminders(redis.AsOrleansProvider());

    /// The planner. With a model it drafts plans with it (docs/planner.md, "LLM planner"); without, it plans
    /// deterministically.
    public static IResourceBuilder<ProjectResource> AddFlexPlanner(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ProjectResource> registry, FlexModelParameters? model)
    {
        var planner = builder.AddProject<Projects.FlexAspire_Planner>(name)
            .WithLoopbackEndpoint("http")
            .WithReference(registry)
            .WaitFor(registry)
            .WithHttpHealthCheck("/health");
        if (model is not null)
        {
            planner.WithEnvironment("Planner__Model__Name", model.Name)
                .WithEnvironment("Planner__Model__Endpoint", model.BaseUrl)
                .WithEnvironment("Planner__Model__ApiKey", model.ApiKey);
        }
        planner.WithApiReferenceUrl();
        return planner;
    }

    /// The flex API: an Orleans silo of `Cluster` (each replica one), on `Database`, planning with `Planner`, calling the
    /// legacy server as a trusted outbound host. Services reach it, and it its own dependencies, by their usual names
    /// (`flexdb`, `planner`), whatever the resources are called. One replica listens on its address itself; several sit
    /// behind one address, the AppHost's proxy, which spreads connections over them (docs/deploy.md).
    public static IResourceBuilder<ProjectResource> AddFlexApi(this IDistributedApplicationBuilder builder, string name,
        FlexApiDependencies dependencies, int replicas = 1)
    {
        var d = dependencies;
        var project = builder.AddProject<Projects.FlexAspire_Api>(name);
        var api = replicas > 1 ? project.WithReplicas(replicas) : project.WithLoopbackEndpoint("http");
        api.WithAnnotation(d)
            .WithReference(d.Database, ResourceNames.Database)
            .WaitFor(d.Database)
            .WithReference(d.Cluster)
            .WaitFor(d.Redis)
            // The replicas run on this machine: silos advertise loopback (by default Orleans advertises the network address).
            .WithEnvironment("Flex__Cluster__AdvertisedAddress", "127.0.0.1")
            .WithReference(d.Registry)
            .WithReference(d.Planner, ResourceNames.Planner)
            .WaitFor(d.Planner)
            .WithEnvironment("FLEX_ENABLED", d.FlexEnabled)
            .WithEnvironment("Registry__Token", d.RegistryToken)
            .WithEnvironment("Flex__ApiKeys__0", d.FlexApiKey)
            .WithEnvironment("OPENAI_API_KEY", d.Model.ApiKey)
            .WithEnvironment("OPENAI_BASE_URL", d.Model.BaseUrl)
            .WithEnvironment("OPENAI_MODEL", d.Model.Name)
            // The legacy server is a trusted outbound host of the API (plain http on loopback, refused for any other
            // remote agent), and the API sends it the legacy API key (docs/security.md, outbound policy).
            .WithEnvironment("Flex__Agents__Outbound__Hosts__0__Host", d.LegacyAgents.GetEndpoint("http").Property(EndpointProperty.HostAndPort))
            .WithEnvironment("Flex__Agents__Outbound__Hosts__0__BearerToken", d.LegacyApiKey)
            .WithHttpHealthCheck("/health")
            .WithCancelRunningRunsCommand(d.FlexApiKey);
        api.WithApiReferenceUrl();
        return api;
    }

    /// The SPA (docs/spa.md): the Vite dev server, run by node directly so the stop signal reaches it. It proxies /api to
    /// `Api` (as the `api` service) server-side, adding the key, so no secret ever reaches the browser bundle.
    public static IResourceBuilder<ExecutableResource> AddFlexSpa(this IDistributedApplicationBuilder builder, string name,
        FlexSpaDependencies dependencies)
    {
        var spa = builder.AddExecutable(name, "node", "../spa", "node_modules/vite/bin/vite.js", "--strictPort")
            .WithAnnotation(dependencies)
            .WithHttpEndpoint(env: "PORT")
            .WithLoopbackEndpoint("http") // vite.config.ts listens on 127.0.0.1
            .WithUrlForEndpoint("http", url => url.DisplayText = "SPA (Create Post)")
            .WithHttpHealthCheck("/")
            .WithReference(dependencies.Api, ResourceNames.Api)
            .WaitFor(dependencies.Api)
            .WithEnvironment("FLEX_API_KEY", dependencies.FlexApiKey) // added by the dev proxy, server-side (docs/security.md)
            .WithEnvironment("VITE_FLEX_POPUP_ENABLED", dependencies.PopupEnabled)
            .WithEnvironment("VITE_DASHBOARD_URL", builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0] ?? "http://localhost:15080");
        // The runs links sit on the SPA, whose dev proxy adds the API key server-side: a browser has no key to send, and
        // the API itself never serves flex routes without one. (Links on the api resource that point at another
        // resource's endpoint stop the api from starting again after a Stop.)
        spa.WithUrl($"{spa.GetEndpoint("http")}/?view=history", "Run history");
        spa.WithUrl($"{spa.GetEndpoint("http")}/api/v1/flex/runs", "Runs (JSON)");
        spa.WithUrl($"{spa.GetEndpoint("http")}/api/v1/flex/runs?status=running", "Running runs (JSON)");
        return spa;
    }
}
