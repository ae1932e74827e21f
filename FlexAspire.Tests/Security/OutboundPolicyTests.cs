using FlexAspire.Api.Agents.Remote;
using FlexAspire.Tests.Agents;

namespace FlexAspire.Tests.Security;

/// Calls to registered remote agents go through the outbound policy (OutboundPolicy): a registration's URL cannot
/// point the API at loopback, private or metadata addresses, redirect it elsewhere, or flood it.
public sealed class OutboundPolicyTests : IAsyncLifetime
{
    private LoopbackHttpServer _listed = null!;
    private LoopbackHttpServer _elsewhere = null!;
    private AgentRuntimeTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _listed = await LoopbackHttpServer.StartAsync();
        _elsewhere = await LoopbackHttpServer.StartAsync();
        _host = AgentRuntimeTestHost.Create(new()
        {
            ["Flex:Model:Provider"] = "offline",
            ["Flex:Agents:RemoteResilience:MaxRetries"] = "0",
            // Only the first server's exact host:port is trusted; plain http is allowed so that the address rules,
            // not the scheme rule, are what refuses the others.
            [$"{OutboundOptions.Section}:Hosts:0:Host"] = _listed.BaseAddress.Authority,
            [$"{OutboundOptions.Section}:Schemes:0"] = "https",
            [$"{OutboundOptions.Section}:Schemes:1"] = "http",
            [$"{OutboundOptions.Section}:MaxResponseBytes"] = "4096",
        });
    }

    [Fact]
    public async Task Loopback_private_and_metadata_addresses_are_refused_unless_listed_and_never_contacted()
    {
        string[] urls =
        [
            $"http://localhost:{_elsewhere.BaseAddress.Port}/invoke",      // a name that resolves to loopback
            $"http://127.0.0.1:{_elsewhere.BaseAddress.Port}/invoke",      // the listed host, another port
            $"http://[::1]:{_elsewhere.BaseAddress.Port}/invoke",
            "http://169.254.169.254/latest/meta-data/",                    // cloud metadata (link-local)
            "http://10.0.0.8/invoke",
            "http://user:pass@example.com/invoke",
        ];

        foreach (var url in urls)
        {
            var result = await _host.Invoker.InvokeAsync(RemoteCapabilityTests.CallTo(url), CancellationToken.None);

            result.Status.ShouldBe(CapabilityInvocationStatus.Failed, url);
            result.Failure!.Code.ShouldBe(CapabilityFailureCodes.Refused, $"{url}: {result.Failure}");
            result.Failure.Retryable.ShouldBeFalse();
        }
        _elsewhere.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_refused_and_not_followed()
    {
        _listed.Enqueue(new FakeReply(307, "") { Headers = new Dictionary<string, string> { ["Location"] = new Uri(_elsewhere.BaseAddress, "/steal").ToString() } });

        var result = await _host.Invoker.InvokeAsync(RemoteCapabilityTests.CallTo(new Uri(_listed.BaseAddress, "/invoke").ToString()), CancellationToken.None);

        result.Failure!.Code.ShouldBe(CapabilityFailureCodes.Refused, result.Failure.ToString());
        result.Failure.Message.ShouldContain("redirect");
        _elsewhere.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_same_host_redirect_is_followed_with_the_bundle()
    {
        _listed.Enqueue(
            new FakeReply(308, "") { Headers = new Dictionary<string, string> { ["Location"] = "/moved" } },
            FakeReply.Json("""{"output":{"feedback":[]}}"""));

        var result = await _host.Invoker.InvokeAsync(RemoteCapabilityTests.CallTo(new Uri(_listed.BaseAddress, "/invoke").ToString()), CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        _listed.Requests.Select(r => r.Path).ShouldBe(["/invoke", "/moved"]);
        _listed.Requests[1].Json!["capabilityId"]!.GetValue<string>().ShouldBe("partner.Review");
    }

    [Fact]
    public async Task A_reply_larger_than_the_limit_is_refused()
    {
        _listed.Enqueue(FakeReply.Json(new JsonObject { ["output"] = new JsonObject { ["feedback"] = new JsonArray(new JsonObject { ["author"] = "reviewer", ["facet"] = "post_copy", ["message"] = new string('x', 10_000) }) } }.ToJsonString()));

        var result = await _host.Invoker.InvokeAsync(RemoteCapabilityTests.CallTo(new Uri(_listed.BaseAddress, "/invoke").ToString()), CancellationToken.None);

        result.Failure!.Code.ShouldBe(CapabilityFailureCodes.OutputTooLarge);
        result.Failure.Message.ShouldContain("MaxResponseBytes");
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    public void Address_classes(string address, bool isPublic) =>
        OutboundPolicy.IsPublic(IPAddress.Parse(address)).ShouldBe(isPublic);

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _listed.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }
}
