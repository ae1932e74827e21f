namespace FlexAspire.Planner.Planning;

/// The one gate every plan passes, whichever planner drafted it. Errors make the draft unusable; the diagnostics
/// name the node, capability or facet so they can be fed back to the LLM or returned to the caller.
public static class PlanValidator
{
    public static IReadOnlyList<PlanDiagnostic> Validate(FlexPlan plan, PlanningInput input, ContractTarget target)
    {
        var found = new List<PlanDiagnostic>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in plan.Nodes.Where(n => !ids.Add(n.Id)))
        {
            found.Add(Diagnostics.Error("duplicate_node", $"node id `{node.Id}` appears more than once", nodeId: node.Id));
        }
        foreach (var edge in plan.Edges.Where(e => !ids.Contains(e.From) || !ids.Contains(e.To)))
        {
            found.Add(Diagnostics.Error("unknown_node", $"edge `{edge.From}` -> `{edge.To}` names a node that is not in the plan"));
        }
        foreach (var node in plan.Nodes.Where(n => n.Status != NodeStatus.Completed))
        {
            found.AddRange(CheckNode(node, input));
        }

        var order = GraphOrder.Topological(ids, plan.Edges);
        if (order is null)
        {
            found.Add(Diagnostics.Error("cycle", "the plan's edges form a cycle; a plan must be a DAG"));
            return found;
        }
        found.AddRange(CheckAvailability(plan, input, order));
        found.AddRange(CheckCoverage(plan, input, target));
        foreach (var pinned in input.Selection.Require ?? [])
        {
            if (!plan.Nodes.Any(n => n.CapabilityId == pinned))
            {
                found.Add(input.Capabilities.ContainsKey(pinned)
                    ? Diagnostics.Error("required_capability_not_on_path",
                        $"pinned capability `{pinned}` is not on any path to the contract's output", capabilityId: pinned)
                    : Diagnostics.Error("required_capability_unavailable",
                        $"pinned capability `{pinned}` is unknown or inactive", capabilityId: pinned));
            }
        }
        if (input.MaxDepth is { } maxDepth && GraphOrder.Depth(order, plan.Edges) is var depth && depth > maxDepth)
        {
            found.Add(Diagnostics.Error("max_depth_exceeded",
                $"the plan is {depth} nodes deep, more than topology.maxDepth {maxDepth}"));
        }
        return found;
    }

    private static IEnumerable<PlanDiagnostic> CheckNode(PlanNode node, PlanningInput input)
    {
        var isStructurer = node.CapabilityId == CapabilityGraph.StructurerId;
        if (input.Selection.Forbid?.Contains(node.CapabilityId) == true)
        {
            yield return Diagnostics.Error("forbidden_capability",
                $"node `{node.Id}` uses `{node.CapabilityId}`, which selection.forbid excludes", capabilityId: node.CapabilityId, nodeId: node.Id);
        }
        foreach (var facet in node.InputFacets.Concat(node.OutputFacets).Where(f => !input.Facets.ContainsKey(f)).Distinct())
        {
            yield return Diagnostics.Error("unknown_facet", $"node `{node.Id}` names unknown facet `{facet}`", facet: facet, nodeId: node.Id);
        }
        if (!input.Capabilities.TryGetValue(node.CapabilityId, out var capability))
        {
            yield return Diagnostics.Error("unknown_capability",
                $"node `{node.Id}` uses `{node.CapabilityId}`, which is unknown or inactive", capabilityId: node.CapabilityId, nodeId: node.Id);
            yield break;
        }
        if (isStructurer)
        {
            yield break; // the structurer reads whichever facets the planner chose and writes the caller's contract
        }
        foreach (var facet in node.OutputFacets.Except(capability.OutputFacets))
        {
            yield return Diagnostics.Error("facet_not_produced_by_capability",
                $"node `{node.Id}` claims output `{facet}`, which `{node.CapabilityId}` does not produce", facet: facet, nodeId: node.Id);
        }
        foreach (var facet in capability.InputFacets.Except(node.InputFacets))
        {
            yield return Diagnostics.Error("missing_capability_input",
                $"node `{node.Id}` does not read `{facet}`, which `{node.CapabilityId}` requires", facet: facet, nodeId: node.Id);
        }
    }

    // An input is available at a node when the envelope provides it or an ancestor (through edges) produces it.
    private static IEnumerable<PlanDiagnostic> CheckAvailability(FlexPlan plan, PlanningInput input, List<string> order)
    {
        var byId = plan.Nodes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First());
        var incoming = plan.Edges.Where(e => byId.ContainsKey(e.From)).ToLookup(e => e.To);
        var available = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var id in order)
        {
            var node = byId[id];
            var before = new HashSet<string>(input.InputFacets, StringComparer.Ordinal);
            foreach (var edge in incoming[id])
            {
                before.UnionWith(available[edge.From]);
                before.UnionWith(byId[edge.From].OutputFacets);
            }
            available[id] = before;
            if (node.Status == NodeStatus.Completed)
            {
                continue;
            }
            foreach (var facet in node.InputFacets.Where(f => !before.Contains(f)))
            {
                yield return Diagnostics.Error("input_not_available",
                    $"node `{id}` reads `{facet}`, which neither the envelope nor an upstream node provides", facet: facet, nodeId: id);
            }
        }
    }

    private static IEnumerable<PlanDiagnostic> CheckCoverage(FlexPlan plan, PlanningInput input, ContractTarget target)
    {
        var produced = plan.Nodes.SelectMany(n => n.OutputFacets).Concat(input.InputFacets).ToHashSet(StringComparer.Ordinal);
        foreach (var facet in target.GoalFacets.Where(f => !produced.Contains(f)))
        {
            yield return Diagnostics.Error("uncovered_output_facet",
                $"no node produces `{facet}`, which the contract needs", facet: facet);
        }
        if (target.Structuring != StructuringMode.None && plan.Nodes.All(n => n.Id != StructuringStepInserter.NodeId))
        {
            yield return Diagnostics.Error("missing_structuring_step",
                $"the contract needs a `{StructuringStepInserter.NodeId}` node and the plan has none");
        }
    }
}
