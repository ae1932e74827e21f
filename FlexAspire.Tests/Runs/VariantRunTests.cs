using Json.Schema;

namespace FlexAspire.Tests.Runs;

/// `topology.variantCount` over HTTP/SSE on the default stack (offline model): each variant branch works from its
/// own values, and the structuring node turns every branch into one distinct variant of the output.
[Collection(StackCollection.Name)]
public sealed class VariantRunTests(FlexStackFixture stack)
{
    [Fact]
    public async Task A_variantCount_3_run_outputs_three_distinct_variants_each_written_by_its_own_branch()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = FlexApiClient.SampleObject("envelope-variants.json");

        var frames = await api.RunUntilCompleteAsync(envelope);

        frames[^1].Status().ShouldBe("completed", frames[^1].Data.ToJsonString());
        var output = frames[^1].Payload!["output"]!;
        JsonSchema.FromText(envelope["outputContract"]!["schema"]!.ToJsonString())
            .Evaluate(JsonSerializer.SerializeToElement(output)).IsValid.ShouldBeTrue();
        var variants = output["variants"]!.AsArray();
        variants.Count.ShouldBe(3);
        variants.Select(v => v!.ToJsonString()).ShouldBeUnique();
        variants.Select(v => v!["headline"]!.GetValue<string>()).ShouldBeUnique();

        // Variant k of the output is written from the copy of branch k (its node_complete frame, by node id): it
        // carries text that only that branch's copy has.
        var copyNodes = BranchNodesProducing(frames, "post_copy");
        copyNodes.Keys.Order().ShouldBe([1, 2, 3]);
        var copies = copyNodes.ToDictionary(p => p.Key, p => NodeOutput(frames, p.Value)["post_copy"]!);
        for (var k = 1; k <= 3; k++)
        {
            var own = OnlyIn(copies, k);
            own.ShouldNotBeEmpty($"branch {k}'s copy differs from its siblings'");
            Strings(variants[k - 1]!).ShouldContain(s => own.Contains(s), $"variant {k} comes from {copyNodes[k]}");
            Strings(variants[k - 1]!).ShouldNotContain(s => copies.Where(c => c.Key != k).SelectMany(c => OnlyIn(copies, c.Key)).Contains(s));
        }
    }

    [Fact]
    public async Task Each_variant_branch_builds_on_its_own_copy_and_never_on_a_sibling_branchs()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope.Remove("goal_condition");
        envelope["policies"]!["runtime"] = new JsonArray();
        envelope["constraints"]!.AsObject().Remove("maxTokens"); // eleven nodes instead of four
        envelope["policies"]!["planner"]!["topology"] = new JsonObject { ["variantCount"] = 3 };

        var frames = await api.RunUntilCompleteAsync(envelope);

        frames[^1].Status().ShouldBe("completed", frames[^1].Data.ToJsonString());
        var copies = BranchNodesProducing(frames, "post_copy").ToDictionary(p => p.Key, p => NodeOutput(frames, p.Value)["post_copy"]!);
        var posts = BranchNodesProducing(frames, "post");
        posts.Keys.Order().ShouldBe([1, 2, 3]);
        foreach (var (variant, reviewer) in posts)
        {
            // The reviewer of branch k publishes the copy it was given: branch k's, not the last one written.
            var post = Strings(NodeOutput(frames, reviewer)["post"]!);
            OnlyIn(copies, variant).ShouldNotBeEmpty();
            post.ShouldContain(s => OnlyIn(copies, variant).Contains(s), $"{reviewer} read its own branch's post_copy");
            foreach (var sibling in copies.Keys.Where(k => k != variant))
                post.ShouldNotContain(s => OnlyIn(copies, sibling).Contains(s), $"{reviewer} read branch {sibling}'s post_copy");
        }
    }

    /// The strings of branch k's value that no other branch's value holds.
    private static HashSet<string> OnlyIn(Dictionary<int, JsonNode> values, int k) =>
        Strings(values[k]).Except(values.Where(v => v.Key != k).SelectMany(v => Strings(v.Value))).ToHashSet();

    private static List<string> Strings(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Strings(p.Value)).ToList(),
        JsonArray a => a.SelectMany(i => i is null ? [] : Strings(i)).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    /// Variant number → the id of the node of that branch whose outputs include `facet` (from plan_generated).
    private static Dictionary<int, string> BranchNodesProducing(List<SseFrame> frames, string facet) =>
        frames.Single(f => f.Type == "plan_generated").Payload!["plan"]!["nodes"]!.AsArray()
            .Where(n => n!["metadata"]?["variant"] is not null && n["outputFacets"]!.AsArray().Any(f => f!.GetValue<string>() == facet))
            .ToDictionary(n => n!["metadata"]!["variant"]!.GetValue<int>(), n => n!["id"]!.GetValue<string>());

    private static JsonNode NodeOutput(List<SseFrame> frames, string nodeId) =>
        frames.Single(f => f.Type == "node_complete" && f.Data["nodeId"]!.GetValue<string>() == nodeId).Payload!["output"]!;
}
