using FlexAspire.Planner.Capabilities;
using FlexAspire.Planner.Planning;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexAspire.Tests.Planner;

/// The planner's mirror of the registry against a loopback registry that honours If-None-Match like the real one.
public sealed class RegistryMirrorTests : IAsyncLifetime
{
    private LoopbackHttpServer _registry = null!;
    private ServiceProvider _services = null!;
    private long _generation = 7;
    private List<CapabilityRecord> _active = [.. MarketingCatalog.All];

    public async Task InitializeAsync()
    {
        _registry = await LoopbackHttpServer.StartAsync();
        _registry.Responder = request =>
        {
            var etag = $"W/\"{_generation}\"";
            var headers = new Dictionary<string, string> { ["ETag"] = etag };
            return request.Headers.GetValueOrDefault("If-None-Match") == etag
                ? new FakeReply(304, "") { Headers = headers }
                : new FakeReply(200, JsonSerializer.Serialize(_active, FlexJsonContext.Default.ListCapabilityRecord)) { Headers = headers };
        };
        var services = new ServiceCollection();
        services.AddHttpClient(RegistryMirror.HttpClientName, http => http.BaseAddress = _registry.BaseAddress);
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task Plans_reuse_one_index_per_generation_and_a_new_generation_is_indexed_once()
    {
        var mirror = NewMirror();
        var first = await mirror.GetIndexAsync([], CancellationToken.None);
        first.Generation.ShouldBe(7);
        for (var plan = 0; plan < 50; plan++)
        {
            (await mirror.GetIndexAsync([], CancellationToken.None)).ShouldBeSameAs(first);
        }
        _registry.Requests.Count.ShouldBe(1, "50 plans of one generation read the registry once");

        (await mirror.RefreshAsync(CancellationToken.None)).ShouldBeSameAs(first, "a 304 keeps the index");
        _registry.Requests[^1].Headers["If-None-Match"].ShouldBe("W/\"7\"");

        var added = MarketingCatalog.All[0] with { CapabilityId = "test.AddedLater" };
        _active = [.. _active, added];
        _generation = 8;
        var second = await mirror.RefreshAsync(CancellationToken.None);
        second.Generation.ShouldBe(8);
        second.Capabilities.ShouldContainKey("test.AddedLater");
        (await mirror.GetIndexAsync([], CancellationToken.None)).ShouldBeSameAs(second);
    }

    [Fact]
    public async Task A_request_pinning_an_unknown_capability_makes_the_mirror_ask_the_registry_at_once()
    {
        var mirror = NewMirror();
        await mirror.GetIndexAsync([], CancellationToken.None);
        _active = [.. _active, MarketingCatalog.All[0] with { CapabilityId = "test.JustRegistered" }];
        _generation = 9;

        var index = await mirror.GetIndexAsync(["test.JustRegistered"], CancellationToken.None);
        index.Capabilities.ShouldContainKey("test.JustRegistered");
        _registry.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_unreachable_registry_is_a_capability_source_failure_not_an_empty_catalog()
    {
        _registry.Responder = _ => FakeReply.Status(503);
        var mirror = NewMirror();
        await Should.ThrowAsync<CapabilitySourceUnavailableException>(() => mirror.GetIndexAsync([], CancellationToken.None).AsTask());
    }

    private RegistryMirror NewMirror() => new(_services.GetRequiredService<IHttpClientFactory>(),
        Options.Create(new PlannerOptions()), TimeProvider.System, NullLogger<RegistryMirror>.Instance);

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _registry.DisposeAsync();
    }
}
