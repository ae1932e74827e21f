namespace FlexAspire.Planner.Planning;

/// `topology.variantCount: n` → n parallel variant branches. Nodes that only read what is available up front and do
/// not produce a goal facet (the strategist's brief) are shared; every node downstream of them, up to the goal
/// producers, is repeated per variant. Variant 1 keeps the plain id, variant k gets `#vk`, so ids stay stable when
/// the count changes. The branches converge in the structuring node (see StructuringStepInserter).
public static class VariantExpander
{
    public static (List<PlanNode> Nodes, List<PlanEdge> Edges) Expand(
        List<PlanNode> nodes, List<PlanEdge> edges, PlanningInput input, ContractTarget target)
    {
        if (input.VariantCount <= 1)
        {
            return (nodes, edges);
        }
        var shared = nodes
            .Where(n => n.InputFacets.All(input.IsAvailableUpFront) && !n.OutputFacets.Any(target.GoalFacets.Contains))
            .Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var resultNodes = new List<PlanNode>();
        var resultEdges = edges.Where(e => shared.Contains(e.To)).ToList();
        foreach (var node in nodes)
        {
            if (shared.Contains(node.Id))
            {
                resultNodes.Add(node);
                continue;
            }
            for (var variant = 1; variant <= input.VariantCount; variant++)
            {
                resultNodes.Add(node with
                {
                    Id = VariantId(node.Id, variant),
                    Label = $"{node.Label} (variant {variant})",
                    Metadata = WithVariant(node.Metadata, variant, input.VariantCount),
                });
            }
        }
        foreach (var edge in edges.Where(e => !shared.Contains(e.To)))
        {
            for (var variant = 1; variant <= input.VariantCount; variant++)
            {
                resultEdges.Add(edge with
                {
                    From = shared.Contains(edge.From) ? edge.From : VariantId(edge.From, variant),
                    To = VariantId(edge.To, variant),
                });
            }
        }
        return (resultNodes, resultEdges);
    }

    public static string VariantId(string id, int variant) => variant == 1 ? id : $"{id}#v{variant}";

    private static JsonObject WithVariant(JsonObject? metadata, int variant, int count)
    {
        var result = metadata?.DeepClone().AsObject() ?? [];
        result["variant"] = variant;
        result["variantCount"] = count;
        return result;
    }
}
