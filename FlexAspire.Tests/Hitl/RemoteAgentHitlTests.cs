namespace FlexAspire.Tests.Hitl;

/// A remote agent may answer `{hitlRequest: …}` instead of an output while the bundle says `mayRequestHitl: true`;
/// the run engine asks the person exactly as it does for a hosted model's `hitl_request` tool call.
[Collection(StackCollection.Name)]
public sealed class RemoteAgentHitlTests(FlexStackFixture stack) : ScriptedRemoteTests(() => ScriptedRemoteCapability.RegisterAsync(stack))
{
    [Fact]
    public async Task A_remote_agent_asks_a_person_and_runs_again_with_the_answer_in_its_instructions()
    {
        Remote.Server.Enqueue(
            FakeReply.Json("""{"hitlRequest":{"question":"Which date is the webinar?","kind":"clarify","urgency":"high"}}"""),
            FakeReply.Json(ScriptedRemoteCapability.ValidCopy));
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(Remote.PinnedEnvelope());

        frames.Select(f => f.Type).Where(t => t != "log").TakeLast(3).ShouldBe(["node_start", "hitl_request", "complete"]);
        frames[^1].Status().ShouldBe("awaiting_hitl");
        var request = frames.Single(f => f.Type == "hitl_request");
        request.Data["nodeId"]!.GetValue<string>().ShouldBe(Remote.CapabilityId);
        request.Payload!["question"]!.GetValue<string>().ShouldBe("Which date is the webinar?");
        request.Payload["kind"]!.GetValue<string>().ShouldBe("clarify");
        request.Payload["urgency"]!.GetValue<string>().ShouldBe("high");
        Remote.Server.Requests[0].Json!["mayRequestHitl"]!.GetValue<bool>().ShouldBeTrue();
        var pending = frames[^1].SinglePending("hitl");

        var resumed = await api.ResumeUntilCompleteAsync(new JsonObject
        {
            ["runId"] = frames.RunId(), ["operator"] = "host@example.com",
            ["hitl"] = new JsonObject { ["requestId"] = pending["requestId"]!.GetValue<string>(), ["response"] = "April 14" },
        });

        resumed.Select(f => f.Type).ShouldBe(["hitl_resolved", "node_start", "node_complete", "complete"]);
        resumed[^1].Status().ShouldBe("completed");
        var again = Remote.Server.Requests[1].Json!;
        again["specialInstructions"]!.ToJsonString().ShouldContain("April 14");
        again["mayRequestHitl"].ShouldBeNull("a node's agent asks once");
    }

    [Fact]
    public async Task A_malformed_remote_hitl_request_is_an_invalid_attempt_that_is_re_asked()
    {
        Remote.Server.Enqueue(
            FakeReply.Json("""{"hitlRequest":{"kind":"clarify"}}"""),
            FakeReply.Json(ScriptedRemoteCapability.ValidCopy));
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(Remote.PinnedEnvelope());

        var error = frames.Single(f => f.Type == "validation_error");
        error.Payload!["errors"]![0]!["keyword"]!.GetValue<string>().ShouldBe("hitl_request");
        frames[^1].Status().ShouldBe("completed");
    }
}
