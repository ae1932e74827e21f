using static FlexAspire.Tests.Runs.RuntimePolicyKit;

namespace FlexAspire.Tests.Runs;

/// The node triggers (onNodeComplete, onValidationFail) and their actions over HTTP, on a run pinned to a remote
/// drafting capability the test scripts (strategist → drafting → post_copy), and the policies refused at intake;
/// frames are asserted in the order the stream carries them. The onStart trigger: OnStartPolicyTests.
[Collection(StackCollection.Name)]
public sealed class RuntimePolicyTests(FlexStackFixture stack) : ScriptedRemoteTests(() => ScriptedRemoteCapability.RegisterAsync(stack))
{
    private static readonly string[] Invalid = Enumerable.Repeat(ScriptedRemoteCapability.InvalidCopy, 3).ToArray();

    [Fact]
    public async Task An_onNodeComplete_fail_policy_with_a_selector_and_condition_fails_the_run_after_that_node()
    {
        Remote.Server.Enqueue(FakeReply.Json(ScriptedRemoteCapability.ValidCopy));
        var policy = Policy("no-hashtags", "onNodeComplete", Remote.CapabilityId, "fail", new JsonObject { ["message"] = "Hashtags are not allowed" });
        policy["trigger"]!["condition"] = new JsonObject { ["facet"] = "post_copy", ["path"] = "", ["dsl"] = "contains(value, '#')" };

        var frames = await RunAsync(policy);

        var node = NodeFrames(frames);
        Types(node).ShouldBe(["node_start", "node_complete", "policy_triggered"]);
        frames[^1].Status().ShouldBe("failed");
        frames[^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("policy_failed");
        frames[^2].Type.ShouldBe("policy_triggered");
    }

    [Fact]
    public async Task An_onNodeComplete_replan_policy_records_the_node_then_runs_plan_version_2_with_the_completed_nodes_kept()
    {
        Remote.Server.Enqueue(FakeReply.Json(ScriptedRemoteCapability.ValidCopy));

        var frames = await RunAsync(Policy("rethink", "onNodeComplete", Remote.CapabilityId, "replan", new JsonObject { ["reason"] = "Review the plan after drafting" }));

        Types(NodeFrames(frames)).ShouldBe(["node_start", "node_complete", "policy_triggered"]);
        var after = Types(frames).SkipWhile(t => t != "policy_triggered").ToList();
        after.ShouldBe(["policy_triggered", "plan_requested", "plan_updated", "complete"]);
        var plan = frames.Single(f => f.Type == "plan_updated").Payload!["plan"]!;
        plan["metadata"]!["failureReason"]!.GetValue<string>().ShouldBe("Review the plan after drafting");
        plan["nodes"]!.AsArray().ShouldAllBe(n => n!["status"]!.GetValue<string>() == "completed");
        frames[^1].Status().ShouldBe("completed");
        Remote.Server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_onValidationFail_replan_policy_replans_instead_of_failing_and_the_new_plan_completes()
    {
        Remote.Server.Enqueue([.. Invalid.Select(FakeReply.Json), FakeReply.Json(ScriptedRemoteCapability.ValidCopy)]);

        var frames = await RunAsync(Policy("replan-on-invalid", "onValidationFail", Remote.CapabilityId, "replan"));

        var types = Types(frames);
        var error = types.IndexOf("node_error");
        types.Skip(error).Take(4).ShouldBe(["node_error", "policy_triggered", "plan_requested", "plan_updated"]);
        frames[error + 3].Payload!["plan"]!["version"]!.GetValue<int>().ShouldBe(2);
        frames.Last(f => f.Type == "node_complete").Data["nodeId"]!.GetValue<string>().ShouldBe(Remote.CapabilityId);
        frames[^1].Status().ShouldBe("completed");
        Remote.Server.Requests.Count.ShouldBe(4);
    }

    [Fact]
    public async Task An_onValidationFail_fail_policy_fails_the_run_with_the_policys_code()
    {
        Remote.Server.Enqueue(Invalid.Select(FakeReply.Json).ToArray());

        var frames = await RunAsync(Policy("stop-on-invalid", "onValidationFail", null, "fail"));

        Types(frames)[^3..].ShouldBe(["node_error", "policy_triggered", "complete"]);
        frames[^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("policy_failed");
        frames[^1].Payload!["error"]!["message"]!.GetValue<string>().ShouldContain("stop-on-invalid");
    }

    [Fact]
    public async Task An_onValidationFail_emit_policy_reports_and_the_run_fails_as_it_would_have()
    {
        Remote.Server.Enqueue(Invalid.Select(FakeReply.Json).ToArray());

        var frames = await RunAsync(Policy("tell-me", "onValidationFail", new JsonObject { ["capabilityId"] = Remote.CapabilityId }, "emit"));

        Types(frames)[^3..].ShouldBe(["node_error", "policy_triggered", "complete"]);
        frames[^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("validation_failed");
    }

    [Fact]
    public async Task An_onValidationFail_hitl_clarify_policy_asks_a_person_and_the_node_runs_again_with_the_answer()
    {
        Remote.Server.Enqueue([.. Invalid.Select(FakeReply.Json), FakeReply.Json(ScriptedRemoteCapability.ValidCopy)]);
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await RunAsync(Policy("ask-editor", "onValidationFail", Remote.CapabilityId, "hitl",
            new JsonObject { ["kind"] = "clarify", ["question"] = "What headline should the draft use?" }));

        Types(frames)[^4..].ShouldBe(["node_error", "policy_triggered", "hitl_request", "complete"]);
        frames[^1].Status().ShouldBe("awaiting_hitl");
        var request = frames[^1].SinglePending("hitl");
        request["nodeId"]!.GetValue<string>().ShouldBe(Remote.CapabilityId);

        var resumed = await api.ResumeUntilCompleteAsync(new JsonObject
        {
            ["runId"] = frames.RunId(), ["operator"] = "editor@example.com",
            ["hitl"] = new JsonObject { ["requestId"] = request["requestId"]!.GetValue<string>(), ["response"] = "Use: Cut packaging waste by 30%" },
        });

        Types(resumed).ShouldBe(["hitl_resolved", "node_start", "node_complete", "complete"]);
        resumed[^1].Status().ShouldBe("completed");
        Remote.Server.Requests[^1].Json!["specialInstructions"]!.ToJsonString().ShouldContain("Use: Cut packaging waste by 30%");
    }

    [Theory]
    [InlineData("onStart", "\"x\"", "emit", null, "policies.runtime[0].trigger.selector")]
    [InlineData("onNodeComplete", "42", "emit", null, "policies.runtime[0].trigger.selector")]
    [InlineData("onNodeComplete", "{\"node\":\"x\"}", "emit", null, "policies.runtime[0].trigger.selector.node")]
    [InlineData("onNodeComplete", null, "hitl", "{\"kind\":\"vote\"}", "policies.runtime[0].action.params.kind")]
    [InlineData("onNodeComplete", null, "fail", "{\"colour\":\"red\"}", "policies.runtime[0].action.params.colour")]
    [InlineData("onNodeComplete", null, "emit", "{\"message\":7}", "policies.runtime[0].action.params.message")]
    public async Task A_runtime_policy_the_engine_cannot_carry_out_is_refused_at_intake_naming_the_field(
        string trigger, string? selector, string action, string? parameters, string field)
    {
        var policy = Policy("p", trigger, selector is null ? null : JsonNode.Parse(selector), action,
            parameters is null ? null : JsonNode.Parse(parameters)!.AsObject());
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(Envelope(policy).ToJsonString());

        await response.ShouldBeProblemNamingAsync(field);
    }

    [Fact]
    public async Task A_policy_condition_that_is_not_a_valid_expression_is_refused_at_intake()
    {
        var policy = Policy("p", "onNodeComplete", null, "emit");
        policy["trigger"]!["condition"] = new JsonObject { ["facet"] = "post_copy", ["path"] = "", ["dsl"] = "length >" };
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(Envelope(policy).ToJsonString());

        await response.ShouldBeProblemNamingAsync("policies.runtime[0].trigger.condition.dsl");
    }

    private JsonObject Envelope(JsonObject policy) => RuntimePolicyKit.Envelope(Remote, policy);

    private Task<List<SseFrame>> RunAsync(JsonObject policy) => RuntimePolicyKit.RunAsync(stack, Remote, policy);

    private List<SseFrame> NodeFrames(List<SseFrame> frames) =>
        frames.Where(f => f.Data["nodeId"]?.GetValue<string>().StartsWith(Remote.CapabilityId) == true).ToList();
}
