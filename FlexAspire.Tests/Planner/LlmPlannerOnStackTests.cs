namespace FlexAspire.Tests.Planner;

/// The AppHost's model parameters reach the planner: it drafts with the (fake) OpenAI server, every rejected draft is
/// streamed as `plan_rejected` with its diagnostics and attempt, and the deterministic plan runs after the last one.
[Collection(StackCollection.Name)]
public sealed class LlmPlannerOnStackTests(LlmPlannerStackFixture stack)
{
    [Fact]
    public async Task With_a_model_in_the_AppHost_parameters_the_planner_drafts_with_it_and_rejected_drafts_are_streamed()
    {
        var before = stack.Model.Requests.Count(LlmPlannerStackFixture.IsPlannerRequest);
        var envelope = new JsonObject
        {
            ["objective"] = $"Draft a short LinkedIn post about our spring webinar ({Guid.NewGuid():n})",
            ["inputs"] = new JsonObject
            {
                ["creative_brief"] = new JsonObject
                {
                    ["core_message"] = "Waste you can measure", ["supporting_points"] = new JsonArray("30% less packaging waste"),
                    ["structure"] = "Hook -> Proof -> CTA", ["tone"] = "warm", ["audience"] = "ops leads",
                },
            },
            ["policies"] = new JsonObject
            {
                ["planner"] = new JsonObject { ["selection"] = new JsonObject { ["forbid"] = new JsonArray("legacy.Strategy", "legacy.Generation", "legacy.Qa") } },
            },
            ["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("post_copy") },
        };
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(envelope);

        var types = frames.Select(f => f.Type).ToList();
        types.Take(5).ShouldBe(["start", "plan_requested", "plan_rejected", "plan_rejected", "plan_generated"]);
        var rejected = frames.Where(f => f.Type == "plan_rejected").ToList();
        rejected.Select(f => f.Payload!["attempt"]!.GetValue<int>()).ShouldBe([1, 2]);
        rejected[0].Payload!["diagnostics"]!.AsArray().ShouldContain(d => d!["code"]!.GetValue<string>() == "unknown_capability"
            && d["message"]!.GetValue<string>().Contains("nobody.Writes"));
        var generated = frames.Single(f => f.Type == "plan_generated").Payload!;
        generated["plan"]!["metadata"]!["planner"]!.GetValue<string>().ShouldBe("deterministic");
        generated["attempts"]!.GetValue<int>().ShouldBe(3);
        frames[^1].Status().ShouldBe("completed");
        (stack.Model.Requests.Count(LlmPlannerStackFixture.IsPlannerRequest) - before).ShouldBe(2, "two drafts asked of the model (Planner:MaxDraftAttempts)");
    }
}
