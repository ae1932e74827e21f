using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlexAspire.Contracts;
using FlexAspire.Tests.Fakes;
using FlexAspire.Tests.Infrastructure;

namespace FlexAspire.Tests.Runs;

/// A remote capability served by the test answers invalid output; the run engine re-asks with the errors (frames
/// `validation_error` + `node_retry`) and either recovers or fails after the bound.
[Collection(StackCollection.Name)]
public sealed class RunRepairTests(FlexStackFixture stack) : IAsyncLifetime
{
    private const string InvalidCopy = """{"output":{"post_copy":{"headline":"","body":"Spring webinar"}}}""";
    private const string ValidCopy = """{"output":{"post_copy":{"headline":"Cut packaging waste by 30%","body":"Join our spring webinar.","hashtags":["#packaging"],"callToAction":"Register now"}}}""";
    private LoopbackHttpServer _remote = null!;
    private readonly string _capabilityId = $"test.Drafting{Guid.NewGuid():n}"[..30];

    public async Task InitializeAsync()
    {
        _remote = await LoopbackHttpServer.StartAsync();
        using var registry = RegistryClient();
        var registration = new JsonObject
        {
            ["capabilityId"] = _capabilityId,
            ["version"] = "1.0.0",
            ["displayName"] = "Test drafting",
            ["summary"] = "A remote drafting capability scripted by the test.",
            ["kind"] = "execution",
            ["agentType"] = "ai",
            ["inputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("creative_brief") },
            ["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("post_copy") },
            // Expensive, so that no other test's plan picks it; this test pins it.
            ["cost"] = new JsonObject { ["tier"] = "premium", ["estimatedTokens"] = 1_000_000, ["pricePer1kTokens"] = 10, ["currency"] = "USD" },
            ["invocation"] = new JsonObject { ["url"] = new Uri(_remote.BaseAddress, "invoke").ToString() },
        };
        (await registry.PostAsJsonAsync("/api/v1/flex/capabilities/register", registration)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        using var registry = RegistryClient();
        await registry.DeleteAsync($"/api/v1/flex/capabilities/{_capabilityId}");
        await _remote.DisposeAsync();
    }

    [Fact]
    public async Task An_output_invalid_once_is_re_asked_with_its_errors_and_the_run_completes()
    {
        _remote.Enqueue(FakeReply.Json(InvalidCopy), FakeReply.Json(ValidCopy));

        var frames = await RunPinnedAsync();

        var node = NodeFrames(frames);
        node.Select(f => f.Type).ShouldBe(["node_start", "validation_error", "node_retry", "node_complete"]);
        var error = node[1].Payload!;
        error["scope"]!.GetValue<string>().ShouldBe("capability_output");
        error["attempt"]!.GetValue<int>().ShouldBe(1);
        error["errors"]!.AsArray().ShouldContain(e => e!["instancePath"]!.GetValue<string>().StartsWith("/post_copy"));
        node[2].Payload!["attempt"]!.GetValue<int>().ShouldBe(2);
        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed");
        // The re-ask carried the previous attempt's errors to the remote agent.
        _remote.Requests.Count.ShouldBe(2);
        _remote.Requests[1].Json!["attempt"]!.GetValue<int>().ShouldBe(2);
        _remote.Requests[1].Json!["validationErrors"]!.AsArray().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task An_output_that_stays_invalid_fails_the_run_after_the_bound_with_the_errors_in_the_frames()
    {
        _remote.Enqueue(FakeReply.Json(InvalidCopy), FakeReply.Json(InvalidCopy), FakeReply.Json(InvalidCopy));

        var frames = await RunPinnedAsync();

        var node = NodeFrames(frames);
        node.Count(f => f.Type == "validation_error").ShouldBe(3);
        node.Count(f => f.Type == "node_retry").ShouldBe(2);
        node[^1].Type.ShouldBe("node_error");
        var complete = frames[^1];
        complete.Payload!["status"]!.GetValue<string>().ShouldBe("failed");
        complete.Payload["error"]!["code"]!.GetValue<string>().ShouldBe("validation_failed");
        _remote.Requests.Count.ShouldBe(3);
    }

    private async Task<List<SseFrame>> RunPinnedAsync()
    {
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("post_copy") };
        envelope["policies"]!["planner"]!["selection"] = new JsonObject { ["require"] = new JsonArray(_capabilityId) };
        envelope["policies"]!["runtime"] = new JsonArray();
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(envelope.ToJsonString());
        return await SseFrames.ReadUntilCompleteAsync(response, TimeSpan.FromMinutes(2));
    }

    private List<SseFrame> NodeFrames(List<SseFrame> frames) =>
        frames.Where(f => f.Data["nodeId"]?.GetValue<string>().StartsWith(_capabilityId) == true).ToList();

    private HttpClient RegistryClient()
    {
        var client = stack.CreateClient(ResourceNames.Registry);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FlexStackFixture.RegistryToken);
        return client;
    }
}
