using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexAspire.Tests.Telemetry;

namespace FlexAspire.Tests.Infrastructure;

/// The tests' view of the test run's one AppHost (TestStack, docs/testing.md): this fixture talks to the AppHost's own
/// `api`; a variant fixture (a subclass) to its API variant beside it, reached under the same names —
/// `CreateClient(ResourceNames.Api)`, `ApiResource`, `SpaResource`, the database — so a test reads the same on any
/// variant. Tests make their own data.
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

    private readonly string? _variant;
    private TestStack? _stack;

    public FlexStackFixture() : this(variant: null)
    {
    }

    /// A view of the API variant `variant` (its resources are named `api-{variant}`, `flexdb-{variant}`, ...).
    protected FlexStackFixture(string? variant) => _variant = variant;

    /// `name` for the AppHost's own resource, `name-variant` for a variant's.
    public static string VariantName(string name, string? variant) => variant is null ? name : $"{name}-{variant}";

    public DistributedApplication App => Stack.App;

    /// The OTLP receiver the registry, planner, `api` and legacy server export to (variants export nothing).
    public OtlpReceiver Receiver => Stack.Receiver;

    /// The API resource this fixture's tests talk to (for resource commands, states and the process to kill).
    public string ApiResource => VariantName(ResourceNames.Api, _variant);

    /// The SPA whose dev proxy points at ApiResource: the AppHost's `spa`, or a variant's own.
    public virtual string SpaResource => ResourceNames.Spa;

    protected TestStack Stack => _stack ?? throw new InvalidOperationException("The test stack has not started.");

    public virtual async Task InitializeAsync() => _stack = await TestStack.AcquireAsync();

    public virtual async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            _stack = null;
            await TestStack.ReleaseAsync();
        }
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

    public HttpClient CreateAnonymousClient(string resourceName) => App.CreateHttpClient(Resolve(resourceName), "http");

    /// The connection string of this fixture's API database (`flexdb`, or the variant's own).
    public async Task<string> GetDatabaseConnectionStringAsync() =>
        await App.GetConnectionStringAsync(VariantName(ResourceNames.Database, _variant))
        ?? throw new InvalidOperationException("flexdb has no connection string");

    /// Starts a resource the test stack does not start by itself (the SPAs) and waits until it is healthy.
    public async Task StartAsync(string resourceName, CancellationToken ct = default)
    {
        var name = Resolve(resourceName);
        if (App.ResourceNotifications.TryGetCurrentState(name, out var state) && state.Snapshot.State?.Text == KnownResourceStates.NotStarted)
        {
            var started = await App.ResourceCommands.ExecuteCommandAsync(name, KnownResourceCommands.StartCommand, ct);
            started.Success.ShouldBeTrue($"{name} did not start: {started.Message}");
        }
        await App.ResourceNotifications.WaitForResourceHealthyAsync(name, ct);
    }

    private string Resolve(string resourceName) => resourceName switch
    {
        ResourceNames.Api => ApiResource,
        ResourceNames.Spa => SpaResource,
        _ => resourceName,
    };
}

/// Every test that needs the stack is in this one collection, so the test run's AppHost starts once. Each fixture is a
/// view of it (FlexStackFixture for the `api`, the others for their variant).
[CollectionDefinition(Name)]
public sealed class StackCollection :
    ICollectionFixture<FlexStackFixture>,
    ICollectionFixture<FlexDisabledStackFixture>,
    ICollectionFixture<SlowModelStackFixture>,
    ICollectionFixture<ReplicaStackFixture>,
    ICollectionFixture<ScriptedModelStackFixture>,
    ICollectionFixture<LlmPlannerStackFixture>
{
    public const string Name = "stack";
}
