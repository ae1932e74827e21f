using FlexAspire.Api.Capabilities;

namespace FlexAspire.Tests.Registry;

/// The API's self-registration against a stub registry: no AppHost needed to prove how it retries and refreshes.
public sealed class CapabilitySelfRegistrationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_refused_capability_is_retried_without_blocking_the_others_which_keep_their_heartbeat()
    {
        var stub = new StubRegistry(refuse: "test.Refused");
        await using var services = Services(stub,
            Registration("test.Refused", heartbeatSeconds: null),
            Registration("test.Beating", heartbeatSeconds: 1),
            Registration("test.Once", heartbeatSeconds: null));
        var worker = services.GetServices<IHostedService>().OfType<CapabilitySelfRegistration>().Single();

        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.ShouldBecomeTrueAsync(() => Task.FromResult(
                    stub.Attempts("test.Refused") >= 2 && stub.Attempts("test.Beating") >= 2 && stub.Attempts("test.Once") >= 1),
                Timeout, "the refused capability should be retried while the others register and beat");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
        stub.Attempts("test.Once").ShouldBe(1, "a capability without a heartbeat registers once");
    }

    [Fact]
    public async Task Without_any_hosted_catalog_nothing_is_registered()
    {
        var stub = new StubRegistry(refuse: null);
        await using var services = Services(stub);
        var worker = services.GetServices<IHostedService>().OfType<CapabilitySelfRegistration>().Single();

        await worker.StartAsync(CancellationToken.None);
        await (worker.ExecuteTask ?? Task.CompletedTask).WaitAsync(Timeout);
        await worker.StopAsync(CancellationToken.None);

        stub.Total.ShouldBe(0);
    }

    private static ServiceProvider Services(StubRegistry stub, params CapabilityRegistration[] registrations)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<FlexOptions>().Configure(o => o.Enabled = true);
        services.AddOptions<RegistryClientOptions>().Configure(o => o.Token = "stub-token");
        services.AddHttpClient<RegistryClient>(http => http.BaseAddress = new Uri("http://registry.test"))
            .ConfigurePrimaryHttpMessageHandler(() => stub);
        if (registrations.Length > 0)
        {
            services.AddSingleton<IHostedCapabilityCatalog>(new FixedCatalog(registrations));
        }
        services.AddHostedService<CapabilitySelfRegistration>();
        return services.BuildServiceProvider();
    }

    private static CapabilityRegistration Registration(string id, int? heartbeatSeconds) => new()
    {
        CapabilityId = id,
        Version = "1.0.0",
        DisplayName = id,
        Summary = "stub",
        Kind = CapabilityKind.Execution,
        AgentType = AgentType.Ai,
        OutputContract = new FacetsOutputContract { Facets = ["post_copy"] },
        Heartbeat = heartbeatSeconds is { } s ? new HeartbeatSettings { IntervalSeconds = s } : null,
    };

    private sealed record FixedCatalog(IReadOnlyList<CapabilityRegistration> Registrations) : IHostedCapabilityCatalog;

    /// Answers 400 for one capability id and 200 for every other, counting attempts per id.
    private sealed class StubRegistry(string? refuse) : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, int> _attempts = new();

        public int Attempts(string id) => _attempts.GetValueOrDefault(id);
        public int Total => _attempts.Values.Sum();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Headers.Authorization?.Parameter.ShouldBe("stub-token");
            var body = await request.Content!.ReadAsStringAsync(ct);
            var id = JsonSerializer.Deserialize(body, FlexJsonContext.Default.CapabilityRegistration)!.CapabilityId;
            _attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            return new HttpResponseMessage(id == refuse ? HttpStatusCode.BadRequest : HttpStatusCode.OK);
        }
    }
}
