namespace FlexAspire.Planner.Planning;

/// The default planner: walks backwards from the goal facets, taking each facet's cheapest producer from the
/// CapabilityGraph, and links every node to the producers of its inputs. Shared upstream producers appear once, so
/// independent consumers (copywriter and designer both reading the brief) become parallel branches.
public static class DeterministicPlanner
{
    public static PlanDraft Draft(CapabilityGraph graph, ContractTarget target)
    {
        var input = graph.Input;
        var selected = new Dictionary<string, (CapabilityRecord Capability, SortedSet<string> For)>(StringComparer.Ordinal);
        var pending = new Stack<string>(target.GoalFacets.Reverse());
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var facet))
        {
            if (!visited.Add(facet) || input.IsAvailableUpFront(facet) || graph.ProducerOf(facet) is not { } producer)
            {
                continue; // unreachable goals were already reported by ContractTargeting
            }
            if (!selected.TryGetValue(producer.CapabilityId, out var entry))
            {
                selected[producer.CapabilityId] = entry = (producer, new SortedSet<string>(StringComparer.Ordinal));
                foreach (var needed in producer.InputFacets.Reverse())
                {
                    pending.Push(needed);
                }
            }
            entry.For.Add(facet);
        }

        var nodes = selected.Values.OrderBy(s => s.Capability.CapabilityId, StringComparer.Ordinal)
            .Select(s => new DraftNode
            {
                Id = s.Capability.CapabilityId,
                CapabilityId = s.Capability.CapabilityId,
                InputFacets = s.Capability.InputFacets,
                OutputFacets = s.Capability.OutputFacets,
                Rationale = Rationale(graph, s.Capability, s.For),
            }).ToList();
        var edges = nodes
            .SelectMany(n => n.InputFacets.Where(f => !input.IsAvailableUpFront(f))
                .Select(f => graph.ProducerOf(f)?.CapabilityId).OfType<string>()
                .Select(from => new DraftEdge { From = from, To = n.Id }))
            .DistinctBy(e => (e.From, e.To)).ToList();
        return new PlanDraft { Nodes = nodes, Edges = edges };
    }

    private static string Rationale(CapabilityGraph graph, CapabilityRecord capability, IEnumerable<string> facets)
    {
        var selection = graph.Input.Selection;
        var why = selection.Require?.Contains(capability.CapabilityId) == true ? "pinned by selection.require"
            : selection.Prefer?.Contains(capability.CapabilityId) == true ? "preferred by selection.prefer"
            : "cheapest active producer";
        var facetList = string.Join(", ", facets.Select(f => $"`{f}`"));
        return $"{why} of {facetList} (~{PathCost.EstimatedTokens(capability.Cost)} tokens, {capability.AgentType.ToString().ToLowerInvariant()})";
    }
}
