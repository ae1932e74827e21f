namespace FlexAspire.Api.Runs.Execution;

/// What a node is given as its inputs (docs/runs.md, "Node inputs").
public static class NodeInputs
{
    /// The key under which a structuring node that converges variant branches gets every variant.
    public const string VariantsKey = "variants";

    /// Each input facet comes from the node's nearest ancestor that produced it (variant branches write the same
    /// facet names, and a branch's ancestors are its own nodes and the shared ones, so it never reads a sibling
    /// branch's value), else from the envelope's inputs, else (a node outside variant branches) from the run's
    /// facets. A structuring node also gets every envelope input, so facts the caller gave (a company's or a
    /// person's name) reach the final output, and, when it converges variants, every variant under `variants`.
    public static JsonObject For(PlanNode node, FlexPlan plan, JsonObject facets, IReadOnlyDictionary<string, JsonNode> outputs, TaskEnvelope envelope)
    {
        var inputs = new JsonObject();
        if (node.Kind == CapabilityKind.Structuring)
        {
            foreach (var (name, value) in envelope.Inputs ?? [])
                inputs[name] = value?.DeepClone();
        }
        var ancestors = AncestorsNearestFirst(node, plan);
        var inBranch = VariantOf(node) is not null;
        foreach (var facet in node.InputFacets)
        {
            var value = ancestors
                .Select(level => level.Where(a => a.OutputFacets.Contains(facet) && outputs.TryGetValue(a.Id, out var o) && o[facet] is not null)
                    .Select(a => outputs[a.Id][facet]).LastOrDefault())
                .FirstOrDefault(v => v is not null)
                ?? envelope.Inputs?[facet]
                ?? (inBranch ? null : facets[facet]);
            if (value is not null)
                inputs[facet] = value.DeepClone();
        }
        if (node.Kind == CapabilityKind.Structuring && Variants(node, ancestors.FirstOrDefault() ?? new List<PlanNode>(), outputs) is { Count: > 0 } variants)
            inputs[VariantsKey] = variants;
        return inputs;
    }

    /// `{variant, nodes, facets}` per variant, in variant order: the structurer's input facets as each branch
    /// produced them, and the ids of the branch's nodes that produced them.
    private static JsonArray? Variants(PlanNode structurer, IReadOnlyList<PlanNode> producers, IReadOnlyDictionary<string, JsonNode> outputs)
    {
        if (structurer.Metadata?["variantCount"] is not JsonValue count || !count.TryGetValue<int>(out var n) || n < 2)
            return null;
        var result = new JsonArray();
        foreach (var branch in producers.Where(p => VariantOf(p) is not null).GroupBy(p => VariantOf(p)!.Value).OrderBy(g => g.Key))
        {
            var produced = new JsonObject();
            var nodes = new JsonArray();
            foreach (var producer in branch)
            {
                if (!outputs.TryGetValue(producer.Id, out var output)) continue;
                foreach (var facet in producer.OutputFacets.Where(structurer.InputFacets.Contains))
                {
                    if (output[facet] is { } value) produced[facet] = value.DeepClone();
                }
                nodes.Add(producer.Id);
            }
            if (produced.Count > 0)
                result.Add(new JsonObject { ["variant"] = branch.Key, ["nodes"] = nodes, ["facets"] = produced });
        }
        return result;
    }

    public static int? VariantOf(PlanNode node) =>
        node.Metadata?["variant"] is JsonValue v && v.TryGetValue<int>(out var variant) ? variant : null;

    /// The node's ancestors by distance: its predecessors, then theirs, … (each node once, at its nearest level;
    /// within a level in the plan's edge order).
    private static List<List<PlanNode>> AncestorsNearestFirst(PlanNode node, FlexPlan plan)
    {
        var byId = plan.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal) { node.Id };
        var levels = new List<List<PlanNode>>();
        var frontier = new List<string> { node.Id };
        while (frontier.Count > 0)
        {
            var level = plan.Edges.Where(e => frontier.Contains(e.To) && seen.Add(e.From) && byId.ContainsKey(e.From))
                .Select(e => byId[e.From]).ToList();
            if (level.Count == 0) break;
            levels.Add(level);
            frontier = level.Select(n => n.Id).ToList();
        }
        return levels;
    }
}
