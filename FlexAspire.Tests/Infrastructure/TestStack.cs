using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexAspire.AppHost.Hosting;
using FlexAspire.AppHost.Postgres;
using FlexAspire.Tests.Telemetry;
using Microsoft.Extensions.Logging;

namespace FlexAspire.Tests.Infrastructure;

/// The test run's one AppHost (docs/testing.md): the real AppHost with a PostgreSQL cluster in a temporary directory,
/// Redis, the registry, planner, API, legacy server and SPA, plus the API variants that tests need beside the `api`
/// (each variant fixture declares its own in `AddTo`). It starts when the first fixture of the `stack` collection
/// asks for it and stops when the last one lets go. Its services export telemetry to one OTLP receiver.
public sealed class TestStack
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Task<TestStack>? _starting;
    private static int _users;

    /// Every variant of the API that runs beside the `api` (each fixture declares its own resources).
    private static readonly Action<IDistributedApplicationBuilder, TestStack>[] Variants =
    [
        FlexDisabledStackFixture.AddTo,
        SlowModelStackFixture.AddTo,
        ReplicaStackFixture.AddTo,
        ScriptedModelStackFixture.AddTo,
        LlmPlannerStackFixture.AddTo,
    ];

    private readonly string _dataDirectory =
        Path.Combine(Path.GetTempPath(), "flexaspire-tests", Guid.NewGuid().ToString("n"), "postgres");
    private readonly Dictionary<string, FakeOpenAiServer> _models = [];

    private TestStack(OtlpReceiver receiver) => Receiver = receiver;

    public DistributedApplication App { get; private set; } = null!;

    /// Where the registry, planner, `api` and legacy server export traces, metrics and logs.
    public OtlpReceiver Receiver { get; }

    /// A fake OpenAI server a variant's services use as their model (started before the AppHost, by name).
    public FakeOpenAiServer Model(string name) => _models[name];

    public static async Task<TestStack> AcquireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _starting ??= StartAsync();
            var stack = await _starting;
            _users++;
            return stack;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task ReleaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--_users > 0 || _starting is not { IsCompletedSuccessfully: true } started)
            {
                return;
            }
            _starting = null;
            await started.Result.StopAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// Declares an API variant beside the `api`: wired like it (FlexApiDependencies), but its own Orleans cluster and
    /// its own database on the same PostgreSQL server, so its runs, sweeps and restarts never reach another API's
    /// runs. Replicas of one variant share both. No telemetry: only the `api` is observed.
    public static IResourceBuilder<ProjectResource> AddApi(IDistributedApplicationBuilder builder, string variant,
        IResourceBuilder<ProjectResource>? planner = null, FlexModelParameters? model = null, int replicas = 1)
    {
        var main = builder.Resources.OfType<ProjectResource>().Single(p => p.Name == ResourceNames.Api);
        var dependencies = main.Annotations.OfType<FlexApiDependencies>().Single();
        var postgres = builder.CreateResourceBuilder(builder.Resources.OfType<LocalPostgresServerResource>().Single());
        var api = builder.AddFlexApi(FlexStackFixture.VariantName(ResourceNames.Api, variant), dependencies with
        {
            Database = postgres.AddDatabase(FlexStackFixture.VariantName(ResourceNames.Database, variant)),
            Cluster = builder.AddFlexCluster(FlexStackFixture.VariantName(ResourceNames.Cluster, variant), dependencies.Redis),
            Planner = planner ?? dependencies.Planner,
            Model = model ?? dependencies.Model,
        }, replicas);
        return api.WithEnvironment("OTEL_SDK_DISABLED", "true");
    }

    /// Starts a fake OpenAI server for a variant to point its services at (before the AppHost is built).
    public async Task<FakeOpenAiServer> StartModelAsync(string name)
    {
        var model = await FakeOpenAiServer.StartAsync();
        model.Responder = ScriptedModelStackFixture.AnswerFromContract;
        _models.Add(name, model);
        return model;
    }

    private static async Task<TestStack> StartAsync()
    {
        var stack = new TestStack(await OtlpReceiver.StartAsync());
        try
        {
            await stack.StartAppAsync();
            return stack;
        }
        catch
        {
            await stack.StopAsync();
            throw;
        }
    }

    private async Task StartAppAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        foreach (var name in (string[])[ScriptedModelStackFixture.Variant, LlmPlannerStackFixture.Variant])
        {
            await StartModelAsync(name);
        }
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FlexAspire_AppHost>(
            ["--Postgres:Mode=local", $"--Postgres:DataDirectory={_dataDirectory}",
                $"--Parameters:registry-token={FlexStackFixture.RegistryToken}", $"--Parameters:flex-api-key={FlexStackFixture.ApiKey}",
                $"--Parameters:legacy-api-key={FlexStackFixture.LegacyApiKey}"], cts.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        // Every .NET service and the legacy Node server export telemetry to the receiver (short intervals, so a test
        // sees a run's telemetry within seconds); variants declared below turn theirs off.
        foreach (var service in builder.Resources.OfType<IResourceWithEnvironment>()
                     .Where(r => r is ProjectResource || r.Name == ResourceNames.LegacyAgents).ToList())
        {
            builder.CreateResourceBuilder(service)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Receiver.Endpoint.ToString().TrimEnd('/'))
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200")
                .WithEnvironment("OTEL_BLRP_SCHEDULE_DELAY", "200")
                .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "500")
                .WithEnvironment("OTEL_TRACES_SAMPLER", "always_on");
        }
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == ResourceNames.Registry))
            .WithEnvironment("Registry__Tokens__0", FlexStackFixture.SecondRegistryToken);
        foreach (var addVariant in Variants)
        {
            addVariant(builder, this);
        }
        foreach (var api in builder.Resources.OfType<ProjectResource>().Where(p => p.Annotations.OfType<FlexApiDependencies>().Any()).ToList())
        {
            ConfigureForTests(builder.CreateResourceBuilder(api));
        }
        // Only the browser tests need a Vite dev server: each starts when its first test asks (FlexStackFixture.StartAsync).
        foreach (var spa in builder.Resources.OfType<ExecutableResource>().Where(e => e.Annotations.OfType<FlexSpaDependencies>().Any()).ToList())
        {
            builder.CreateResourceBuilder(spa).WithExplicitStart();
        }

        App = await builder.BuildAsync(cts.Token);
        await App.StartAsync(cts.Token);
        var services = builder.Resources.Where(r => r is ProjectResource || r.Name == ResourceNames.LegacyAgents).Select(r => r.Name).ToList();
        await Task.WhenAll(services.Select(s => App.ResourceNotifications.WaitForResourceHealthyAsync(s, cts.Token)));

        // The APIs register their built-in capabilities in the background; a run planned before that would be rejected.
        using var registry = App.CreateHttpClient(ResourceNames.Registry, "http");
        var hosted = new HostedCapabilityCatalog().Registrations.Select(r => r.CapabilityId).ToList();
        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            var active = await registry.GetStringAsync("/api/v1/flex/capabilities?status=active", cts.Token);
            return hosted.All(id => active.Contains($"\"{id}\"", StringComparison.Ordinal));
        }, TimeSpan.FromMinutes(1), "the API's built-in capabilities are active in the registry");
    }

    /// What every API of the test stack has beyond the AppHost's wiring.
    private static void ConfigureForTests(IResourceBuilder<ProjectResource> api)
    {
        api.WithEnvironment("Flex__Cors__Origins__0", FlexStackFixture.AllowedOrigin);
        api.WithEnvironment("Flex__ApiKeys__1", FlexStackFixture.SecondApiKey);
        // The tests' remote agents (LoopbackHttpServer) listen on 127.0.0.1; entry 0 is the AppHost's legacy server.
        api.WithEnvironment("Flex__Agents__Outbound__Hosts__1__Host", "127.0.0.1");
        // No per-call HTTP retries for remote agents: a scripted 503 reaches the run engine, whose node-level retries
        // (Flex:Runs:NodeRetries) the fault tests prove.
        api.WithEnvironment("Flex__Agents__RemoteResilience__MaxRetries", "0");
    }

    private async Task StopAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        foreach (var model in _models.Values)
        {
            await model.DisposeAsync();
        }
        await Receiver.DisposeAsync();
        var root = Path.GetDirectoryName(_dataDirectory)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
