namespace FlexAspire.Planner.Planning;

/// DAG helpers shared by the assembler and the validator.
public static class GraphOrder
{
    /// Kahn's algorithm with ties broken by id; null when the edges contain a cycle.
    public static List<string>? Topological(IEnumerable<string> ids, IEnumerable<PlanEdge> edges)
    {
        var nodes = ids.Distinct(StringComparer.Ordinal).ToList();
        var known = nodes.ToHashSet(StringComparer.Ordinal);
        var valid = edges.Where(e => known.Contains(e.From) && known.Contains(e.To)).DistinctBy(e => (e.From, e.To)).ToList();
        var indegree = nodes.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        foreach (var edge in valid)
        {
            indegree[edge.To]++;
        }
        var ready = new SortedSet<string>(nodes.Where(n => indegree[n] == 0), StringComparer.Ordinal);
        var order = new List<string>(nodes.Count);
        while (ready.Min is { } next)
        {
            ready.Remove(next);
            order.Add(next);
            foreach (var edge in valid.Where(e => e.From == next))
            {
                if (--indegree[edge.To] == 0)
                {
                    ready.Add(edge.To);
                }
            }
        }
        return order.Count == nodes.Count ? order : null;
    }

    /// Nodes on the longest path (a lone node has depth 1); assumes an acyclic graph.
    public static int Depth(IReadOnlyList<string> topologicalOrder, IEnumerable<PlanEdge> edges)
    {
        var depth = topologicalOrder.ToDictionary(n => n, _ => 1, StringComparer.Ordinal);
        var incoming = edges.Where(e => depth.ContainsKey(e.From) && depth.ContainsKey(e.To)).ToLookup(e => e.To);
        foreach (var id in topologicalOrder)
        {
            foreach (var edge in incoming[id])
            {
                depth[id] = Math.Max(depth[id], depth[edge.From] + 1);
            }
        }
        return depth.Count == 0 ? 0 : depth.Values.Max();
    }
}
