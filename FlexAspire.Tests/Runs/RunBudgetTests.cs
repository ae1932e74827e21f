namespace FlexAspire.Tests.Runs;

/// `constraints.maxTokens` is a run-wide model token budget and `constraints.deadlineSeconds` a wall-clock deadline
/// from the run's creation: exhausting either ends the run failed with its own code.
[Collection(StackCollection.Name)]
public sealed class RunBudgetTests(FlexStackFixture stack) : ScriptedRemoteTests(() => ScriptedRemoteCapability.RegisterAsync(stack))
{
    [Fact]
    public async Task A_run_that_uses_more_model_tokens_than_maxTokens_fails_with_token_budget_exhausted_after_that_node()
    {
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope["constraints"]!["maxTokens"] = 1;
        envelope.Remove("goal_condition");
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(envelope);

        frames[^1].Status().ShouldBe("failed");
        var error = frames[^1].Payload!["error"]!;
        error["code"]!.GetValue<string>().ShouldBe("token_budget_exhausted");
        error["message"]!.GetValue<string>().ShouldContain("more than its budget of 1");
        var planned = frames.Single(f => f.Type == "plan_generated").Payload!["plan"]!["nodes"]!.AsArray().Count;
        frames.Count(f => f.Type == "node_complete").ShouldBeLessThan(planned);
        // The node that crossed the budget keeps its output; after it only its running siblings' cancellations follow.
        var last = frames.FindLastIndex(f => f.Type == "node_complete");
        frames[(last + 1)..^1].ShouldAllBe(f => f.Type == "log" && f.Payload!["nodeStatus"]!.GetValue<string>() == "cancelled");
        frames.ShouldNotContain(f => f.Type == "node_start" && frames.IndexOf(f) > last);
    }

    [Fact]
    public async Task A_run_still_working_at_its_deadline_is_stopped_with_deadline_exceeded_and_its_node_cancelled()
    {
        Remote.Server.Enqueue(FakeReply.Hanging());
        var envelope = Remote.PinnedEnvelope();
        envelope["constraints"]!["deadlineSeconds"] = 2;
        using var api = stack.CreateClient(ResourceNames.Api);
        var clock = Stopwatch.StartNew();

        var frames = await api.RunUntilCompleteAsync(envelope);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "the node timeout (3 min) is not what stopped it");
        frames[^1].Status().ShouldBe("failed");
        frames[^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("deadline_exceeded");
        frames.ShouldContain(f => f.Type == "node_start" && f.Data["nodeId"]!.GetValue<string>() == Remote.CapabilityId);
        var detail = JsonNode.Parse(await api.GetStringAsync($"/api/v1/flex/runs/{frames.RunId()}"))!;
        detail["status"]!.GetValue<string>().ShouldBe("failed");
        detail["nodes"]!.AsArray().Single(n => n!["nodeId"]!.GetValue<string>() == Remote.CapabilityId)!["status"]!.GetValue<string>().ShouldBe("cancelled");
    }
}
