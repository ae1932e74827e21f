namespace FlexAspire.Tests.Runs;

/// Goal conditions are checked when the plan finishes: a failure streams `goal_condition_failed`, asks the planner
/// for a replan (completed nodes kept) and runs the new plan version, at most `Flex:Runs:MaxReplans` (2) times.
[Collection(StackCollection.Name)]
public sealed class GoalConditionTests(FlexStackFixture stack) : ScriptedRemoteTests(() => ScriptedRemoteCapability.RegisterAsync(stack))
{
    private const string ShortHeadline = """{"output":{"post_copy":"Cut packaging waste by 30%"}}""";
    private const string WebinarHeadline = """{"output":{"post_copy":"Join our spring webinar on packaging"}}""";

    [Fact]
    public async Task A_goal_condition_that_fails_replans_its_facet_keeps_the_completed_nodes_and_then_holds()
    {
        Remote.Server.Enqueue(FakeReply.Json(ShortHeadline), FakeReply.Json(WebinarHeadline));

        var frames = await RunAsync("contains(value, 'webinar')");

        var types = frames.Select(f => f.Type).ToList();
        var failed = types.IndexOf("goal_condition_failed");
        failed.ShouldBeGreaterThan(types.IndexOf("node_complete"));
        types.Skip(failed).Take(3).ShouldBe(["goal_condition_failed", "plan_requested", "plan_updated"]);
        var failure = frames[failed].Payload!;
        failure["facet"]!.GetValue<string>().ShouldBe("post_copy");
        failure["replan"]!.GetValue<int>().ShouldBe(1);
        failure["reason"]!.GetValue<string>().ShouldContain("Cut packaging waste by 30%");
        frames[failed + 1].Payload!["phase"]!.GetValue<string>().ShouldBe("replan");
        var updated = frames[failed + 2];
        updated.Data["planVersion"]!.GetValue<int>().ShouldBe(2);
        var plan = updated.Payload!["plan"]!;
        plan["version"]!.GetValue<int>().ShouldBe(2);
        var nodes = plan["nodes"]!.AsArray().Select(n => (Id: n!["id"]!.GetValue<string>(), Status: n["status"]!.GetValue<string>())).ToList();
        nodes.ShouldContain((Remote.CapabilityId, "completed"));
        nodes.ShouldContain(($"{Remote.CapabilityId}:r2", "pending"));

        // Completed nodes were not run again; only the replanned drafting node was, in plan version 2.
        var starts = frames.Where(f => f.Type == "node_start").Select(f => f.Data["nodeId"]!.GetValue<string>()).ToList();
        starts.ShouldBe(starts.Distinct().ToList());
        starts[^1].ShouldBe($"{Remote.CapabilityId}:r2");
        frames.Last(f => f.Type == "node_start").Data["planVersion"]!.GetValue<int>().ShouldBe(2);
        Remote.Server.Requests.Count.ShouldBe(2);

        var complete = frames[^1].Payload!;
        complete["status"]!.GetValue<string>().ShouldBe("completed");
        complete["output"]!["post_copy"]!.GetValue<string>().ShouldBe("Join our spring webinar on packaging");
        var result = complete["goal_condition_results"]!.AsArray().Single()!;
        result["satisfied"]!.GetValue<bool>().ShouldBeTrue();
        result["value"]!.GetValue<string>().ShouldBe("Join our spring webinar on packaging");
    }

    [Fact]
    public async Task A_goal_condition_that_never_holds_is_replanned_twice_and_then_fails_the_run_with_the_results()
    {
        Remote.Server.Enqueue(FakeReply.Json(ShortHeadline), FakeReply.Json(ShortHeadline), FakeReply.Json(ShortHeadline));

        var frames = await RunAsync("contains(value, 'webinar')");

        frames.Where(f => f.Type == "goal_condition_failed").Select(f => f.Payload!["replan"]?.GetValue<int>())
            .ShouldBe([1, 2, null]);
        frames.Where(f => f.Type == "plan_updated").Select(f => f.Data["planVersion"]!.GetValue<int>()).ShouldBe([2, 3]);
        frames.Where(f => f.Type == "node_start" && f.Data["nodeId"]!.GetValue<string>().StartsWith(Remote.CapabilityId))
            .Select(f => f.Data["nodeId"]!.GetValue<string>())
            .ShouldBe([Remote.CapabilityId, $"{Remote.CapabilityId}:r2", $"{Remote.CapabilityId}:r3"]);
        Remote.Server.Requests.Count.ShouldBe(3);

        var complete = frames[^1].Payload!;
        complete["status"]!.GetValue<string>().ShouldBe("failed");
        complete["error"]!["code"]!.GetValue<string>().ShouldBe("goal_condition_failed");
        complete["error"]!["message"]!.GetValue<string>().ShouldContain("after 2 replan(s)");
        var result = complete["goal_condition_results"]!.AsArray().Single()!;
        result["satisfied"]!.GetValue<bool>().ShouldBeFalse();
        result["dsl"]!.GetValue<string>().ShouldBe("contains(value, 'webinar')");
        result["value"]!.GetValue<string>().ShouldBe("Cut packaging waste by 30%");
    }

    [Theory]
    [InlineData("length >", "goal_condition[0].condition.dsl")]
    [InlineData("size > 0", "goal_condition[0].condition.dsl")]
    [InlineData(null, "goal_condition[0].facet")]
    public async Task A_goal_condition_the_engine_cannot_evaluate_is_refused_at_intake_naming_the_field(string? dsl, string field)
    {
        var envelope = Remote.PinnedEnvelope();
        envelope["goal_condition"] = new JsonArray(new JsonObject
        {
            ["facet"] = dsl is null ? "no_such_facet" : "post_copy", ["path"] = "", ["condition"] = new JsonObject { ["dsl"] = dsl ?? "exists" },
        });
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(envelope.ToJsonString());

        await response.ShouldBeProblemNamingAsync(field);
    }

    private async Task<List<SseFrame>> RunAsync(string dsl)
    {
        var envelope = Remote.PinnedEnvelope();
        envelope["goal_condition"] = new JsonArray(new JsonObject
        {
            ["facet"] = "post_copy", ["path"] = "", ["condition"] = new JsonObject { ["dsl"] = dsl },
        });
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(envelope.ToJsonString());
        return await SseFrames.ReadUntilCompleteAsync(response, TimeSpan.FromMinutes(3));
    }
}
