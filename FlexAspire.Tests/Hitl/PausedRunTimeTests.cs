namespace FlexAspire.Tests.Hitl;

/// Time runs out while a run waits for a person: a human task's timeout with an `onTimeout` replan policy, and the
/// run's own deadline (`constraints.deadlineSeconds`, paused time included). Both are enforced by the sweep that every
/// API replica runs (Flex:Hitl:TimeoutSweepInterval, 5 s).
[Collection(StackCollection.Name)]
public sealed class PausedRunTimeTests(FlexStackFixture stack)
{
    private static readonly TimeSpan SweepBound = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task An_onTimeout_replan_policy_replans_each_time_a_human_task_times_out_until_MaxReplans_is_reached()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        using var api = stack.CreateClient(ResourceNames.Api);
        var capabilityId = await registry.RegisterHumanCapabilityAsync("requeue", timeoutSeconds: 1);
        var envelope = HitlTestKit.HumanTaskEnvelope(capabilityId);
        envelope["policies"]!["runtime"] = new JsonArray(new JsonObject
        {
            ["id"] = "replan-when-nobody-answers",
            ["trigger"] = new JsonObject { ["kind"] = "onTimeout", ["selector"] = capabilityId },
            ["action"] = new JsonObject { ["type"] = "replan", ["params"] = new JsonObject { ["reason"] = "Nobody answered in time" } },
        });

        var frames = await api.RunUntilPausedAsync(envelope, "awaiting_human");

        // Each timeout: the node fails, the policy replans (the pinned human capability is still the only producer,
        // so plan v2 and v3 open a new task), until the bound of 2 replans.
        var segments = new List<List<SseFrame>>();
        var after = frames[^1].Seq;
        for (var i = 0; i < 3; i++)
        {
            using var stream = await api.GetAsync($"/api/v1/flex/runs/{frames.RunId()}/stream?after={after}", HttpCompletionOption.ResponseHeadersRead);
            var segment = (await SseFrames.ReadUntilCompleteAsync(stream)).WithoutHeartbeats();
            segments.Add(segment);
            after = segment[^1].Seq;
            if (segment[^1].Status() != "awaiting_human") break;
        }

        segments.Count.ShouldBe(3);
        foreach (var segment in segments)
        {
            segment.Select(f => f.Type).Take(2).ShouldBe(["node_error", "policy_triggered"]);
            segment[0].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("human_task_timeout");
            segment[1].Payload!["trigger"]!.GetValue<string>().ShouldBe("onTimeout");
            segment[1].Payload!["action"]!.GetValue<string>().ShouldBe("replan");
        }
        for (var version = 2; version <= 3; version++)
        {
            var segment = segments[version - 2];
            segment.Select(f => f.Type).ShouldBe(["node_error", "policy_triggered", "plan_requested", "plan_updated", "node_start", "complete"]);
            var plan = segment[3].Payload!["plan"]!;
            plan["version"]!.GetValue<int>().ShouldBe(version);
            plan["metadata"]!["failureReason"]!.GetValue<string>().ShouldBe("Nobody answered in time");
            segment[^1].Status().ShouldBe("awaiting_human");
        }
        segments[2][^1].Status().ShouldBe("failed");
        segments[2][^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("replan_limit_reached");
    }

    [Fact]
    public async Task A_run_waiting_for_a_person_past_its_deadline_fails_with_deadline_exceeded_and_its_task_is_closed()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = HitlTestKit.HumanTaskEnvelope();
        envelope["constraints"] = new JsonObject { ["deadlineSeconds"] = 8 }; // long enough to pause first on a loaded machine

        var frames = await api.RunUntilPausedAsync(envelope, "awaiting_human");
        var task = frames[^1].SinglePending("task");

        using var stream = await api.GetAsync($"/api/v1/flex/runs/{frames.RunId()}/stream?after={frames[^1].Seq}", HttpCompletionOption.ResponseHeadersRead);
        var tail = (await SseFrames.ReadUntilCompleteAsync(stream, SweepBound)).WithoutHeartbeats();

        tail.Select(f => f.Type).ShouldBe(["complete"]);
        tail[0].Status().ShouldBe("failed");
        tail[0].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("deadline_exceeded");
        var detail = await api.GetJsonAsync($"/api/v1/flex/runs/{frames.RunId()}");
        detail["status"]!.GetValue<string>().ShouldBe("failed");
        detail["nodes"]!.AsArray().Single(n => n!["nodeId"]!.GetValue<string>() == task["nodeId"]!.GetValue<string>())!["status"]!.GetValue<string>().ShouldBe("cancelled");
        (await api.GetJsonAsync("/api/v1/flex/tasks?status=pending")).AsArray()
            .ShouldNotContain(t => t!["taskId"]!.GetValue<string>() == task["taskId"]!.GetValue<string>());
    }
}
