using static FlexAspire.Tests.Runs.RuntimePolicyKit;

namespace FlexAspire.Tests.Runs;

/// The onStart trigger over HTTP, on a run pinned to a remote drafting capability the test scripts (strategist →
/// drafting → post_copy): each action, before any node starts; frames are asserted in the order the stream carries them.
[Collection(StackCollection.Name)]
public sealed class OnStartPolicyTests(FlexStackFixture stack) : ScriptedRemoteTests(() => ScriptedRemoteCapability.RegisterAsync(stack))
{
    [Fact]
    public async Task An_onStart_emit_policy_streams_policy_triggered_before_any_node_starts_and_the_run_goes_on()
    {
        Remote.Server.Enqueue(FakeReply.Json(ScriptedRemoteCapability.ValidCopy));

        var frames = await RunAsync(Policy("announce", "onStart", null, "emit", new JsonObject { ["message"] = "Run started for the spring campaign" }));

        Types(frames).TakeWhile(t => t != "node_start").ShouldBe(["start", "plan_requested", "plan_generated", "policy_triggered"]);
        var triggered = frames.Single(f => f.Type == "policy_triggered");
        triggered.Payload!["policyId"]!.GetValue<string>().ShouldBe("announce");
        triggered.Payload["trigger"]!.GetValue<string>().ShouldBe("onStart");
        triggered.Payload["action"]!.GetValue<string>().ShouldBe("emit");
        triggered.Data["message"]!.GetValue<string>().ShouldBe("Run started for the spring campaign");
        frames[^1].Status().ShouldBe("completed");
    }

    [Fact]
    public async Task An_onStart_fail_policy_whose_condition_holds_fails_the_run_before_any_node_runs()
    {
        var policy = Policy("no-linkedin", "onStart", null, "fail", new JsonObject { ["message"] = "LinkedIn posts are frozen" });
        policy["trigger"]!["condition"] = new JsonObject { ["facet"] = "company_information", ["path"] = "/preferred_channels", ["dsl"] = "contains(value, 'linkedin')" };

        var frames = await RunAsync(policy);

        Types(frames).ShouldBe(["start", "plan_requested", "plan_generated", "policy_triggered", "complete"]);
        frames[^1].Status().ShouldBe("failed");
        frames[^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("policy_failed");
        frames[^1].Payload!["error"]!["message"]!.GetValue<string>().ShouldBe("LinkedIn posts are frozen");
        Remote.Server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_policy_whose_condition_does_not_hold_does_not_fire()
    {
        Remote.Server.Enqueue(FakeReply.Json(ScriptedRemoteCapability.ValidCopy));
        var policy = Policy("only-x", "onStart", null, "fail");
        policy["trigger"]!["condition"] = new JsonObject { ["facet"] = "post_context", ["path"] = "/type", ["dsl"] = "value = 'new_employee'" };

        var frames = await RunAsync(policy);

        Types(frames).ShouldNotContain("policy_triggered");
        frames[^1].Status().ShouldBe("completed");
    }

    [Fact]
    public async Task An_onStart_pause_policy_waits_for_an_approval_and_the_approved_run_continues()
    {
        Remote.Server.Enqueue(FakeReply.Json(ScriptedRemoteCapability.ValidCopy));
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await RunAsync(Policy("hold", "onStart", null, "pause", new JsonObject { ["question"] = "Start drafting now?" }));

        Types(frames).ShouldBe(["start", "plan_requested", "plan_generated", "policy_triggered", "hitl_request", "complete"]);
        frames[^1].Status().ShouldBe("awaiting_hitl");
        var request = frames[^1].SinglePending("hitl");
        frames.Single(f => f.Type == "hitl_request").Payload!["question"]!.GetValue<string>().ShouldBe("Start drafting now?");

        var resumed = await api.ResumeUntilCompleteAsync(HitlTestKit.Approve(frames.RunId(), request["requestId"]!.GetValue<string>(), approved: true));

        resumed[0].Type.ShouldBe("hitl_resolved");
        Types(resumed).ShouldNotContain("policy_triggered");
        Types(resumed).Count(t => t == "node_start").ShouldBe(2);
        resumed[^1].Status().ShouldBe("completed");
    }

    [Fact]
    public async Task An_onStart_emit_beside_an_onStart_pause_is_streamed_once_and_not_again_when_the_run_resumes()
    {
        Remote.Server.Enqueue(FakeReply.Json(ScriptedRemoteCapability.ValidCopy));
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = Envelope(Policy("announce", "onStart", null, "emit", new JsonObject { ["message"] = "Run started" }));
        envelope["policies"]!["runtime"]!.AsArray().Add(Policy("hold", "onStart", null, "pause"));

        var frames = await api.RunUntilCompleteAsync(envelope);

        Types(frames).ShouldBe(["start", "plan_requested", "plan_generated", "policy_triggered", "policy_triggered", "hitl_request", "complete"]);
        frames.Where(f => f.Type == "policy_triggered").Select(f => f.Payload!["policyId"]!.GetValue<string>()).ShouldBe(["announce", "hold"]);
        var request = frames[^1].SinglePending("hitl");

        var resumed = await api.ResumeUntilCompleteAsync(HitlTestKit.Approve(frames.RunId(), request["requestId"]!.GetValue<string>(), approved: true));

        resumed[^1].Status().ShouldBe("completed");
        Types(resumed).ShouldNotContain("policy_triggered");
        Types(resumed).ShouldNotContain("hitl_request");
    }

    [Fact]
    public async Task An_onStart_replan_policy_asks_the_planner_for_version_2_before_any_node_runs()
    {
        Remote.Server.Enqueue(FakeReply.Json(ScriptedRemoteCapability.ValidCopy));

        var frames = await RunAsync(Policy("fresh-plan", "onStart", null, "replan"));

        Types(frames).TakeWhile(t => t != "node_start")
            .ShouldBe(["start", "plan_requested", "plan_generated", "policy_triggered", "plan_requested", "plan_updated"]);
        frames.Last(f => f.Type == "plan_requested").Payload!["phase"]!.GetValue<string>().ShouldBe("replan");
        frames.Single(f => f.Type == "plan_updated").Payload!["plan"]!["version"]!.GetValue<int>().ShouldBe(2);
        frames.First(f => f.Type == "node_start").Data["planVersion"]!.GetValue<int>().ShouldBe(2);
        frames[^1].Status().ShouldBe("completed");
    }

    private JsonObject Envelope(JsonObject policy) => RuntimePolicyKit.Envelope(Remote, policy);

    private Task<List<SseFrame>> RunAsync(JsonObject policy) => RuntimePolicyKit.RunAsync(stack, Remote, policy);
}
