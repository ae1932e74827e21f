using FlexAspire.Contracts.Capabilities;
using FlexAspire.Contracts.Plans;

namespace FlexAspire.Planner.Planning;

/// Facet reachability over the active capabilities after policy filtering: for every facet that can be produced, the
/// cheapest producer (PathCost) and what it costs. Computed forwards with Knuth's generalisation of Dijkstra to
/// hypergraphs (a capability fires once all its input facets are settled), so it is O(E log F) even for 10,000
/// capabilities, and a facet's producer is settled after its inputs, which keeps the extracted plan acyclic.
public sealed class CapabilityGraph
{
    public const string StructurerId = "contract.Structurer";

    private readonly Dictionary<string, PathCost> _cost = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CapabilityRecord> _producer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CapabilityRecord>> _producers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _settled = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forbidden;

    private CapabilityGraph(PlanningInput input, IReadOnlyList<CapabilityRecord> usable, HashSet<string> forbidden)
    {
        Input = input;
        Usable = usable;
        _forbidden = forbidden;
    }

    public PlanningInput Input { get; }

    /// The capabilities planning may use: active, not forbidden, not displaced by a pinned one, not the structurer.
    public IReadOnlyList<CapabilityRecord> Usable { get; }

    public bool IsReachable(string facet) => _cost.ContainsKey(facet);
    public PathCost CostOf(string facet) => _cost[facet];

    /// Null for facets that are available up front (envelope inputs, completed nodes).
    public CapabilityRecord? ProducerOf(string facet) => _producer.GetValueOrDefault(facet);

    public IEnumerable<string> ReachableFacets => _cost.Keys;

    public static CapabilityGraph Build(PlanningInput input)
    {
        var selection = input.Selection;
        var forbidden = (selection.Forbid ?? []).ToHashSet(StringComparer.Ordinal);
        var pinned = (selection.Require ?? []).Where(input.Capabilities.ContainsKey).Where(id => !forbidden.Contains(id))
            .Select(id => input.Capabilities[id]).ToList();
        // A pinned capability is the only producer considered for the facets it outputs: that is what pinning means.
        var pinnedFacets = pinned.SelectMany(p => p.OutputFacets).ToHashSet(StringComparer.Ordinal);
        var usable = input.Capabilities.Values
            .Where(c => c.CapabilityId != StructurerId && !forbidden.Contains(c.CapabilityId))
            .Where(c => pinned.Contains(c) || !c.OutputFacets.Any(pinnedFacets.Contains))
            .OrderBy(c => c.CapabilityId, StringComparer.Ordinal)
            .ToList();
        var graph = new CapabilityGraph(input, usable, forbidden);
        graph.Settle();
        return graph;
    }

    private void Settle()
    {
        var consumers = new Dictionary<string, List<CapabilityRecord>>(StringComparer.Ordinal);
        var missing = new Dictionary<CapabilityRecord, int>(ReferenceEqualityComparer.Instance);
        var queue = new PriorityQueue<string, (PathCost Cost, string Facet)>(FacetOrder.Instance);
        foreach (var capability in Usable)
        {
            var inputs = capability.InputFacets.Distinct(StringComparer.Ordinal).ToList();
            missing[capability] = inputs.Count;
            foreach (var facet in inputs)
            {
                (consumers.TryGetValue(facet, out var list) ? list : consumers[facet] = []).Add(capability);
            }
            foreach (var facet in capability.OutputFacets)
            {
                (_producers.TryGetValue(facet, out var list) ? list : _producers[facet] = []).Add(capability);
            }
        }
        foreach (var facet in Input.InputFacets.Concat(Input.CompletedFacetProducers.Keys))
        {
            _cost[facet] = PathCost.Zero;
            queue.Enqueue(facet, (PathCost.Zero, facet));
        }
        foreach (var capability in Usable.Where(c => missing[c] == 0))
        {
            Offer(capability, queue);
        }

        while (queue.TryDequeue(out var facet, out _))
        {
            if (!_settled.Add(facet) || !consumers.TryGetValue(facet, out var waiting))
            {
                continue;
            }
            foreach (var capability in waiting.Where(c => --missing[c] == 0))
            {
                Offer(capability, queue);
            }
        }
    }

    // All inputs are settled: the capability's path cost is its own plus its inputs'; it improves any output facet that
    // is not available up front and has no cheaper producer yet (ties go to the smaller id, for determinism).
    private void Offer(CapabilityRecord capability, PriorityQueue<string, (PathCost, string)> queue)
    {
        var cost = capability.InputFacets.Distinct(StringComparer.Ordinal)
            .Aggregate(PathCost.Of(capability, Input.Selection), (sum, facet) => sum + _cost[facet]);
        foreach (var facet in capability.OutputFacets)
        {
            if (Input.IsAvailableUpFront(facet) || _settled.Contains(facet))
            {
                continue;
            }
            if (_cost.TryGetValue(facet, out var known) && (known < cost || known.CompareTo(cost) == 0
                    && string.CompareOrdinal(_producer[facet].CapabilityId, capability.CapabilityId) <= 0))
            {
                continue;
            }
            _cost[facet] = cost;
            _producer[facet] = capability;
            queue.Enqueue(facet, (cost, facet));
        }
    }

    /// Why a facet cannot be produced, in words a caller can act on: the facets at the root of the problem (needed
    /// somewhere upstream, yet neither provided nor produced by any usable capability) are named explicitly.
    public PlanDiagnostic ExplainUnreachable(string facet)
    {
        if (!_producers.ContainsKey(facet))
        {
            return Diagnostics.Error("no_producer", $"no active capability produces facet `{facet}`{ForbiddenNote(facet)}", facet: facet);
        }
        var roots = MissingRoots(facet).ToList();
        var producers = string.Join(", ", _producers[facet].Select(p => $"`{p.CapabilityId}`"));
        return Diagnostics.Error("unreachable_facet",
            $"facet `{facet}` is unreachable from the envelope's inputs: it needs " +
            $"{string.Join(", ", roots.Select(r => $"`{r}`{ForbiddenNote(r)}"))}, which neither the inputs nor any active " +
            $"capability provide (producers of `{facet}`: {producers})", facet: facet);
    }

    private IEnumerable<string> MissingRoots(string facet)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([facet]);
        var roots = new SortedSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var current))
        {
            if (IsReachable(current) || !seen.Add(current))
            {
                continue;
            }
            if (!_producers.TryGetValue(current, out var producers))
            {
                roots.Add(current);
                continue;
            }
            foreach (var input in producers.SelectMany(p => p.InputFacets))
            {
                pending.Push(input);
            }
        }
        return roots;
    }

    private string ForbiddenNote(string facet)
    {
        var forbidden = Input.Capabilities.Values
            .Where(c => _forbidden.Contains(c.CapabilityId) && c.OutputFacets.Contains(facet))
            .Select(c => $"`{c.CapabilityId}`").ToList();
        return forbidden.Count > 0 ? $" ({string.Join(", ", forbidden)} forbidden by selection.forbid)" : "";
    }

    private sealed class FacetOrder : IComparer<(PathCost Cost, string Facet)>
    {
        public static readonly FacetOrder Instance = new();

        public int Compare((PathCost Cost, string Facet) x, (PathCost Cost, string Facet) y)
        {
            var byCost = x.Cost.CompareTo(y.Cost);
            return byCost != 0 ? byCost : string.CompareOrdinal(x.Facet, y.Facet);
        }
    }
}
