namespace FlexAspire.Tests.Runs;

/// On the slow-model stack (each model call takes SlowModelStackFixture.ModelLatency, NodeTimeout is short): parallel
/// branches really run at the same time, and an onTimeout policy acts on a node that outlives its timeout.
[Collection(StackCollection.Name)]
public sealed class SlowModelPolicyTests(SlowModelStackFixture stack)
{
    [Fact]
    public async Task Parallel_branches_of_a_plan_overlap_in_time_by_their_node_timestamps()
    {
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(envelope);

        frames[^1].Status().ShouldBe("completed");
        var plan = frames.Single(f => f.Type == "plan_generated").Payload!["plan"]!;
        // The copy and the visual both need only the brief: two branches with no path between them.
        var siblings = plan["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>())
            .Where(id => id.StartsWith("copywriter.") || id.StartsWith("designer.")).ToList();
        siblings.Count.ShouldBe(2);
        plan["edges"]!.AsArray().ShouldNotContain(e => siblings.Contains(e!["from"]!.GetValue<string>()) && siblings.Contains(e["to"]!.GetValue<string>()));
        var detail = JsonNode.Parse(await api.GetStringAsync($"/api/v1/flex/runs/{frames.RunId()}"))!;
        var spans = detail["nodes"]!.AsArray()
            .Where(n => siblings.Contains(n!["nodeId"]!.GetValue<string>()))
            .Select(n => (Start: n!["startedAt"]!.GetValue<DateTimeOffset>(), End: n["completedAt"]!.GetValue<DateTimeOffset>()))
            .ToList();
        spans.Count.ShouldBe(siblings.Count);
        spans.Max(s => s.Start).ShouldBeLessThan(spans.Min(s => s.End), "each sibling started before the other ended");
    }

    [Fact]
    public async Task Two_policies_that_ask_a_person_about_one_node_each_ask_their_own_question()
    {
        await using var remote = await ScriptedRemoteCapability.RegisterAsync(stack);
        // Invalid three times (the re-asks exhausted), then, once the first question is answered, a hang past NodeTimeout.
        remote.Server.Enqueue([.. Enumerable.Repeat(ScriptedRemoteCapability.InvalidCopy, 3).Select(FakeReply.Json), FakeReply.Hanging()]);
        var envelope = remote.PinnedEnvelope();
        envelope["policies"]!["runtime"] = new JsonArray(
            new JsonObject
            {
                ["id"] = "ask-on-invalid",
                ["trigger"] = new JsonObject { ["kind"] = "onValidationFail", ["selector"] = remote.CapabilityId },
                ["action"] = new JsonObject { ["type"] = "hitl", ["params"] = new JsonObject { ["kind"] = "clarify", ["question"] = "What should the draft say?" } },
            },
            new JsonObject
            {
                ["id"] = "ask-on-timeout",
                ["trigger"] = new JsonObject { ["kind"] = "onTimeout", ["selector"] = remote.CapabilityId },
                ["action"] = new JsonObject { ["type"] = "pause", ["params"] = new JsonObject { ["question"] = "Drafting is slow. Try again?" } },
            });
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilPausedAsync(envelope, "awaiting_hitl");
        var first = frames[^1].SinglePending("hitl");
        first["question"]!.GetValue<string>().ShouldBe("What should the draft say?");

        var resumed = await api.ResumeUntilCompleteAsync(new JsonObject
        {
            ["runId"] = frames.RunId(),
            ["hitl"] = new JsonObject { ["requestId"] = first["requestId"]!.GetValue<string>(), ["response"] = "Lead with the 30% figure" },
        });

        // The node ran again, timed out, and the second policy asked its own question about the same node.
        resumed[^1].Status().ShouldBe("awaiting_hitl", resumed[^1].Data.ToJsonString());
        resumed.Select(f => f.Type).TakeLast(4).ShouldBe(["node_error", "policy_triggered", "hitl_request", "complete"]);
        resumed[^4].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("node_timeout");
        resumed[^3].Payload!["policyId"]!.GetValue<string>().ShouldBe("ask-on-timeout");
        var second = resumed[^1].SinglePending("hitl");
        second["nodeId"]!.GetValue<string>().ShouldBe(remote.CapabilityId);
        second["question"]!.GetValue<string>().ShouldBe("Drafting is slow. Try again?");
        second["requestId"]!.GetValue<string>().ShouldNotBe(first["requestId"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_onTimeout_fail_policy_acts_when_a_node_outlives_its_timeout()
    {
        await using var remote = await ScriptedRemoteCapability.RegisterAsync(stack);
        remote.Server.Enqueue(FakeReply.Hanging());
        var envelope = remote.PinnedEnvelope();
        envelope["policies"]!["runtime"] = new JsonArray(new JsonObject
        {
            ["id"] = "too-slow",
            ["trigger"] = new JsonObject { ["kind"] = "onTimeout", ["selector"] = remote.CapabilityId },
            ["action"] = new JsonObject { ["type"] = "fail", ["params"] = new JsonObject { ["message"] = "Drafting took too long" } },
        });
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(envelope);

        frames.Select(f => f.Type).TakeLast(3).ShouldBe(["node_error", "policy_triggered", "complete"]);
        frames[^3].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("node_timeout");
        frames[^2].Payload!["trigger"]!.GetValue<string>().ShouldBe("onTimeout");
        frames[^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("policy_failed");
        frames[^1].Payload!["error"]!["message"]!.GetValue<string>().ShouldBe("Drafting took too long");
    }
}
