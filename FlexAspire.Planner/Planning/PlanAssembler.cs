namespace FlexAspire.Planner.Planning;

/// Turns a draft (from either planner) into a FlexPlan the same way every time: stable node ids, variant branches,
/// kept completed nodes on replan, the structuring step, and a readable topological node order.
public static class PlanAssembler
{
    public static FlexPlan Assemble(PlanDraft draft, PlanningInput input, ContractTarget target, string planner)
    {
        // Ids come from the capability, never from the draft (an LLM may call its nodes anything): a capability
        // appears once per branch, so `capabilityId` (+ `#vk`) is stable across drafts and replans.
        var idMap = draft.Nodes.GroupBy(n => n.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().CapabilityId, StringComparer.Ordinal);
        var nodes = draft.Nodes.Select(n => PlanNodeFactory.FromDraft(n, input.Capabilities.GetValueOrDefault(n.CapabilityId)))
            .ToList();
        var edges = draft.Edges
            .Select(e => new PlanEdge { From = idMap.GetValueOrDefault(e.From, e.From), To = idMap.GetValueOrDefault(e.To, e.To) })
            .ToList();
        edges = edges.Select(e => e with { Reason = Reason(nodes, e) }).DistinctBy(e => (e.From, e.To)).ToList();

        (nodes, edges) = VariantExpander.Expand(nodes, edges, input, target);
        AddCompleted(nodes, edges, input);
        StructuringStepInserter.Insert(nodes, edges, input, target, input.CompletedFacetProducers);

        return new FlexPlan
        {
            RunId = input.RunId,
            Version = input.Version,
            Nodes = TopologicalOrder(nodes, edges),
            Edges = edges,
            Metadata = new JsonObject
            {
                ["planner"] = planner,
                ["phase"] = input.Phase == PlanPhase.Replan ? "replan" : "initial",
                ["output"] = OutputLocation(nodes, target),
                ["failureReason"] = input.FailureReason,
                // Which registry snapshot the plan was made from (0: an in-memory catalog).
                ["registryGeneration"] = input.Index.Generation,
            },
        };
    }

    private static string? Reason(List<PlanNode> nodes, PlanEdge edge)
    {
        var from = nodes.FirstOrDefault(n => n.Id == edge.From);
        var to = nodes.FirstOrDefault(n => n.Id == edge.To);
        var facets = from is null || to is null ? [] : from.OutputFacets.Intersect(to.InputFacets).ToList();
        return facets.Count == 0 ? null : string.Join(", ", facets);
    }

    // Completed nodes stay with their ids; a new node for the same capability (its facet failed a goal condition)
    // is renamed `id:r{version}` so both can live in one plan. Inputs that completed nodes provide get an edge.
    private static void AddCompleted(List<PlanNode> nodes, List<PlanEdge> edges, PlanningInput input)
    {
        if (input.Completed.Count == 0)
        {
            return;
        }
        var completedIds = input.Completed.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var renamed = nodes.Where(n => completedIds.Contains(n.Id))
            .ToDictionary(n => n.Id, n => $"{n.Id}:r{input.Version}", StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i] = renamed.TryGetValue(nodes[i].Id, out var id) ? nodes[i] with { Id = id } : nodes[i];
        }
        for (var i = 0; i < edges.Count; i++)
        {
            edges[i] = edges[i] with { From = renamed.GetValueOrDefault(edges[i].From, edges[i].From), To = renamed.GetValueOrDefault(edges[i].To, edges[i].To) };
        }
        foreach (var node in nodes.ToList())
        {
            foreach (var facet in node.InputFacets.Where(f => !input.InputFacets.Contains(f)))
            {
                if (input.CompletedFacetProducers.TryGetValue(facet, out var producer)
                    && !nodes.Any(n => n.OutputFacets.Contains(facet)))
                {
                    edges.Add(new PlanEdge { From = producer, To = node.Id, Reason = facet });
                }
            }
        }
        nodes.InsertRange(0, input.Completed.Select(c => PlanNodeFactory.Completed(
            c, c.CapabilityId is { } capabilityId ? input.Capabilities.GetValueOrDefault(capabilityId) : null, input.Version)));
    }

    private static JsonObject OutputLocation(List<PlanNode> nodes, ContractTarget target) =>
        target.Structuring == StructuringMode.None
            ? new JsonObject { ["facets"] = new JsonArray(target.GoalFacets.Select(f => (JsonNode)f).ToArray()) }
            : new JsonObject
            {
                ["nodeId"] = StructuringStepInserter.NodeId,
                ["pointer"] = target.Structuring == StructuringMode.FreeformText ? "/text" : "",
            };

    /// Kahn's order with ties by id, so the same plan always lists its nodes the same way; a cyclic draft keeps its
    /// order (the validator reports the cycle).
    public static IReadOnlyList<PlanNode> TopologicalOrder(
        IReadOnlyList<PlanNode> nodes, IReadOnlyList<PlanEdge> edges)
    {
        var order = GraphOrder.Topological(nodes.Select(n => n.Id), edges);
        if (order is null)
        {
            return nodes;
        }
        var byId = nodes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First());
        return order.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }
}
