using System.Text.Json.Nodes;
using FlexAspire.Contracts;
using FlexAspire.Tests.Fakes;
using FlexAspire.Tests.Hitl;
using FlexAspire.Tests.Infrastructure;

namespace FlexAspire.Tests.Runs;

/// On the slow-model stack (each model call takes SlowModelStackFixture.ModelLatency, NodeTimeout is short): parallel
/// branches really run at the same time, and an onTimeout policy acts on a node that outlives its timeout.
[Collection(SlowModelStackCollection.Name)]
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
