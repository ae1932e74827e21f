using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexAspire.Api.Agents.Catalog;
using FlexAspire.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlexAspire.Tests.Infrastructure;

/// Starts the real AppHost once for every test in the `stack` collection: a local PostgreSQL cluster in a temporary
/// directory, the registry, planner and API as real processes. Tests make their own data.
public class FlexStackFixture : IAsyncLifetime
{
    /// Given to the AppHost's `registry-token` parameter, so tests can register capabilities.
    public const string RegistryToken = "flex-test-registry-token";

    /// Given to the AppHost's `flex-api-key` parameter; CreateClient(ResourceNames.Api) sends it.
    public const string ApiKey = "flex-test-api-key-0123456789abcdef";

    /// A second registry token (`Registry:Tokens:0`): another party that registers agents, for ownership.
    public const string SecondRegistryToken = "flex-test-registry-token-second-party";

    /// Given to the AppHost's `legacy-api-key` parameter: the legacy server's API_KEY, which flex sends it.
    public const string LegacyApiKey = "flex-test-legacy-api-key-0123456789";

    /// A second API key of the same API (another caller), for what is scoped per key.
    public const string SecondApiKey = "flex-test-api-key-second-caller-0123";

    /// The one browser origin the API's CORS allowlist holds in tests.
    public const string AllowedOrigin = "http://spa.flex.test:5173";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string _dataDirectory =
        Path.Combine(Path.GetTempPath(), "flexaspire-tests", Guid.NewGuid().ToString("n"), "postgres");

    public DistributedApplication App { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FlexAspire_AppHost>(
            [$"--Postgres:Mode=local", $"--Postgres:DataDirectory={_dataDirectory}",
                $"--Parameters:registry-token={RegistryToken}", $"--Parameters:flex-api-key={ApiKey}",
                $"--Parameters:legacy-api-key={LegacyApiKey}", .. AppHostArguments], cts.Token);

        // Every .NET service and the legacy Node server export telemetry.
        foreach (var service in builder.Resources.OfType<IResourceWithEnvironment>()
                     .Where(r => r is ProjectResource || r.Name == ResourceNames.LegacyAgents).ToList())
        {
            ConfigureTelemetry(builder.CreateResourceBuilder(service));
        }
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == ResourceNames.Registry))
            .WithEnvironment("Registry__Tokens__0", SecondRegistryToken);
        var api = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == ResourceNames.Api));
        api.WithEnvironment("Flex__Cors__Origins__0", AllowedOrigin);
        api.WithEnvironment("Flex__ApiKeys__1", SecondApiKey);
        // The tests' remote agents (LoopbackHttpServer) listen on 127.0.0.1; entry 0 is the AppHost's legacy server.
        api.WithEnvironment("Flex__Agents__Outbound__Hosts__1__Host", "127.0.0.1");
        // No per-call HTTP retries for remote agents: a scripted 503 reaches the run engine, whose node-level retries
        // (Flex:Runs:NodeRetries) the fault tests prove.
        api.WithEnvironment("Flex__Agents__RemoteResilience__MaxRetries", "0");
        ConfigureApi(api);

        App = await builder.BuildAsync(cts.Token);
        await App.StartAsync(cts.Token);
        foreach (var service in (string[])[ResourceNames.Registry, ResourceNames.Planner, ResourceNames.Api, ResourceNames.LegacyAgents])
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(service, cts.Token);
        }
        // The API registers its built-in capabilities in the background; a run planned before that would be rejected.
        if (!FlexEnabled)
        {
            return; // with the flag off the API registers nothing
        }
        using var registry = CreateClient(ResourceNames.Registry);
        var hosted = new HostedCapabilityCatalog().Registrations.Select(r => r.CapabilityId).ToList();
        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            var active = await registry.GetStringAsync("/api/v1/flex/capabilities?status=active", cts.Token);
            return hosted.All(id => active.Contains($"\"{id}\"", StringComparison.Ordinal));
        }, TimeSpan.FromMinutes(1), "the API's built-in capabilities are active in the registry");
    }

    /// Nothing listens on the OTLP endpoint in tests; without this every service waits ~17 s to flush on stop.
    /// The telemetry tests' fixture points the services at its own receiver instead.
    protected virtual void ConfigureTelemetry(IResourceBuilder<IResourceWithEnvironment> service) =>
        service.WithEnvironment("OTEL_SDK_DISABLED", "true");

    /// More AppHost arguments for a variant (e.g. `--Flex:ApiReplicas=2`).
    protected virtual IEnumerable<string> AppHostArguments => [];

    /// False for the variant that turns the flex API off.
    protected virtual bool FlexEnabled => true;

    /// Variants of the stack (a slow model, small limits) set the API's configuration here.
    protected virtual void ConfigureApi(IResourceBuilder<ProjectResource> api)
    {
    }

    /// The API's client sends the test API key, the legacy server's its API_KEY (a request's own Authorization
    /// header, e.g. a registry token, wins).
    public HttpClient CreateClient(string resourceName)
    {
        var client = CreateAnonymousClient(resourceName);
        if (resourceName is ResourceNames.Api or ResourceNames.LegacyAgents)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", resourceName == ResourceNames.Api ? ApiKey : LegacyApiKey);
        }
        return client;
    }

    public HttpClient CreateAnonymousClient(string resourceName) => App.CreateHttpClient(resourceName, "http");

    public async Task<string> GetDatabaseConnectionStringAsync() =>
        await App.GetConnectionStringAsync(ResourceNames.Database)
        ?? throw new InvalidOperationException("flexdb has no connection string");

    public virtual async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        var root = Path.GetDirectoryName(_dataDirectory)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<FlexStackFixture>
{
    public const string Name = "stack";
}
