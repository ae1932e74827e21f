namespace FlexAspire.Tests.Runs;

/// A remote capability served by the test answers invalid output; the run engine re-asks with the errors (frames
/// `validation_error` + `node_retry`) and either recovers or fails after the bound.
[Collection(StackCollection.Name)]
public sealed class RunRepairTests(FlexStackFixture stack) : ScriptedRemoteTests(() => ScriptedRemoteCapability.RegisterAsync(stack))
{
    [Fact]
    public async Task An_output_invalid_once_is_re_asked_with_its_errors_and_the_run_completes()
    {
        Remote.Server.Enqueue(FakeReply.Json(ScriptedRemoteCapability.InvalidCopy), FakeReply.Json(ScriptedRemoteCapability.ValidCopy));

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
        Remote.Server.Requests.Count.ShouldBe(2);
        Remote.Server.Requests[1].Json!["attempt"]!.GetValue<int>().ShouldBe(2);
        Remote.Server.Requests[1].Json!["validationErrors"]!.AsArray().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task An_output_that_stays_invalid_fails_the_run_after_the_bound_with_the_errors_in_the_frames()
    {
        Remote.Server.Enqueue(Enumerable.Repeat(FakeReply.Json(ScriptedRemoteCapability.InvalidCopy), 3).ToArray());

        var frames = await RunPinnedAsync();

        var node = NodeFrames(frames);
        node.Count(f => f.Type == "validation_error").ShouldBe(3);
        node.Count(f => f.Type == "node_retry").ShouldBe(2);
        node[^1].Type.ShouldBe("node_error");
        var complete = frames[^1];
        complete.Payload!["status"]!.GetValue<string>().ShouldBe("failed");
        complete.Payload["error"]!["code"]!.GetValue<string>().ShouldBe("validation_failed");
        Remote.Server.Requests.Count.ShouldBe(3);
    }

    private async Task<List<SseFrame>> RunPinnedAsync()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(Remote.PinnedEnvelope().ToJsonString());
        return await SseFrames.ReadUntilCompleteAsync(response);
    }

    private List<SseFrame> NodeFrames(List<SseFrame> frames) =>
        frames.Where(f => f.Data["nodeId"]?.GetValue<string>().StartsWith(Remote.CapabilityId) == true).ToList();
}
