namespace FlexAspire.Tests.Runs;

/// Faults of agents during a run: transient ones are retried at node level (the stack turns the per-call HTTP retries
/// of remote agents off, so each 503 reaches the engine), a failed node stops its running siblings, and characters
/// PostgreSQL cannot store do not fail the run.
[Collection(StackCollection.Name)]
public sealed class RunFaultTests(FlexStackFixture stack) : IAsyncLifetime
{
    private ScriptedRemoteCapability _copy = null!;
    private ScriptedRemoteCapability _visual = null!;

    public async Task InitializeAsync()
    {
        _copy = await ScriptedRemoteCapability.RegisterAsync(stack, "faultcopy");
        _visual = await ScriptedRemoteCapability.RegisterAsync(stack, "faultvisual", outputFacet: "post_visual");
    }

    public async Task DisposeAsync()
    {
        await _copy.DisposeAsync();
        await _visual.DisposeAsync();
    }

    [Fact]
    public async Task A_node_that_fails_twice_with_503_then_succeeds_completes()
    {
        _copy.Server.Enqueue(FakeReply.Status(503, "busy"), FakeReply.Status(503, "busy"), FakeReply.Json(ScriptedRemoteCapability.ValidCopy));

        var frames = await RunAsync(_copy.PinnedEnvelope());

        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed", frames[^1].Data.ToJsonString());
        var retries = NodeFrames(frames, _copy).Where(f => f.Type == "node_retry").ToList();
        retries.Select(f => f.Payload!["attempt"]!.GetValue<int>()).ShouldBe([2, 3]);
        retries.ShouldAllBe(f => f.Payload!["reason"]!.GetValue<string>() == "transient_failure");
        NodeFrames(frames, _copy).ShouldNotContain(f => f.Type == "node_error");
        _copy.Server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_node_failing_on_every_retry_fails_the_run_after_the_retry_bound()
    {
        _copy.Server.Fallback = FakeReply.Status(503, "down");

        var frames = await RunAsync(_copy.PinnedEnvelope());

        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("failed");
        NodeFrames(frames, _copy).Count(f => f.Type == "node_retry").ShouldBe(2); // Flex:Runs:NodeRetries = 2
        NodeFrames(frames, _copy)[^1].Type.ShouldBe("node_error");
        _copy.Server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task When_a_node_fails_its_running_sibling_is_cancelled_and_no_frame_follows_complete()
    {
        _visual.Server.Enqueue(FakeReply.Hanging());
        // The copy node fails only once its sibling is really running (its agent has been called).
        _copy.Server.Responder = _ =>
        {
            SpinWait.SpinUntil(() => _visual.Server.Requests.Count > 0, TimeSpan.FromSeconds(60));
            return FakeReply.Status(400, "refused");
        };
        var envelope = _copy.PinnedEnvelope();
        envelope["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("post_copy", "post_visual") };
        envelope["policies"]!["planner"]!["selection"] = new JsonObject { ["require"] = new JsonArray(_copy.CapabilityId, _visual.CapabilityId) };

        var frames = await RunAsync(envelope);

        var complete = frames[^1];
        complete.Payload!["status"]!.GetValue<string>().ShouldBe("failed");
        _visual.Server.Requests.Count.ShouldBe(1);
        NodeFrames(frames, _visual).ShouldContain(f => f.Type == "node_start");
        NodeFrames(frames, _visual).ShouldNotContain(f => f.Type == "node_complete" || f.Type == "node_error");
        using var api = stack.CreateClient(ResourceNames.Api);
        var detail = JsonNode.Parse(await api.GetStringAsync($"/api/v1/flex/runs/{complete.Data["runId"]}"))!;
        detail["lastSeq"]!.GetValue<long>().ShouldBe(complete.Seq);
        var nodes = detail["nodes"]!.AsArray();
        nodes.Single(n => n!["capabilityId"]!.GetValue<string>() == _copy.CapabilityId)!["status"]!.GetValue<string>().ShouldBe("error");
        nodes.Single(n => n!["capabilityId"]!.GetValue<string>() == _visual.CapabilityId)!["status"]!.GetValue<string>().ShouldBe("cancelled");
    }

    [Fact]
    public async Task NUL_characters_in_a_remote_agents_output_do_not_fail_the_run()
    {
        _copy.Server.Enqueue(FakeReply.Json("""{"output":{"post_copy":"Cut\u0000 waste. Join\u0000 us. #a\u0000b"}}"""));

        var frames = await RunAsync(_copy.PinnedEnvelope());

        var complete = frames[^1];
        complete.Payload!["status"]!.GetValue<string>().ShouldBe("completed", complete.Data.ToJsonString());
        complete.Payload["output"]!["post_copy"]!.GetValue<string>().ShouldBe("Cut waste. Join us. #ab");
    }

    private async Task<List<SseFrame>> RunAsync(JsonObject envelope)
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(envelope.ToJsonString());
        return (await SseFrames.ReadUntilCompleteAsync(response)).WithoutHeartbeats();
    }

    private static List<SseFrame> NodeFrames(List<SseFrame> frames, ScriptedRemoteCapability capability) =>
        frames.Where(f => f.Data["nodeId"]?.GetValue<string>().StartsWith(capability.CapabilityId) == true).ToList();
}
