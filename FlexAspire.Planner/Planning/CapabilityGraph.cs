using FlexAspire.Planner.Capabilities;

namespace FlexAspire.Planner.Planning;

/// Facet reachability over the active capabilities after policy filtering: for every facet that can be produced, the
/// cheapest producer (PathCost) and what it costs. Computed forwards with Knuth's generalisation of Dijkstra to
/// hypergraphs (a capability fires once all its input facets are settled), so it is O(E log F) even for 10,000
/// capabilities, and a facet's producer is settled after its inputs, which keeps the extracted plan acyclic.
/// Runs over the generation's CapabilityIndex (numbered facets and capabilities, arrays instead of dictionaries): a
/// request only pays for its own policy and inputs, never for rebuilding the catalog's structure.
public sealed class CapabilityGraph
{
    public const string StructurerId = "contract.Structurer";

    private readonly CapabilityIndex _index;
    private readonly bool[]? _usable; // null: every plannable capability is usable
    private readonly HashSet<string> _forbidden;
    private readonly SelectionPolicy? _costPolicy; // null: no prefer/avoid, every capability costs its base cost
    private readonly PathCost[] _cost;
    private readonly bool[] _reached;
    private readonly bool[] _settled;
    private readonly bool[] _upFront;
    private readonly int[] _producer;
    private readonly List<int> _reachedOrder = [];

    private CapabilityGraph(PlanningInput input, bool[]? usable, HashSet<string> forbidden)
    {
        Input = input;
        _index = input.Index;
        _usable = usable;
        _forbidden = forbidden;
        var facets = _index.FacetNames.Length;
        _cost = new PathCost[facets];
        _reached = new bool[facets];
        _settled = new bool[facets];
        _upFront = new bool[facets];
        _producer = new int[facets];
        Array.Fill(_producer, -1);
        var selection = input.Selection;
        _costPolicy = selection.Prefer is { Count: > 0 } || selection.Avoid is { Count: > 0 } ? selection : null;
        Usable = usable is null ? _index.Plannable : _index.Plannable.Where((_, i) => usable[i]).ToList();
    }

    public PlanningInput Input { get; }

    /// The capabilities planning may use: active, not forbidden, not displaced by a pinned one, not the structurer.
    public IReadOnlyList<CapabilityRecord> Usable { get; }

    public bool IsReachable(string facet) =>
        _index.FacetIds.TryGetValue(facet, out var f) ? _reached[f] : Input.IsAvailableUpFront(facet);

    public PathCost CostOf(string facet) =>
        _index.FacetIds.TryGetValue(facet, out var f) && _reached[f] ? _cost[f]
        : Input.IsAvailableUpFront(facet) ? PathCost.Zero
        : throw new KeyNotFoundException($"facet `{facet}` is not reachable");

    /// Null for facets that are available up front (envelope inputs, completed nodes).
    public CapabilityRecord? ProducerOf(string facet) =>
        _index.FacetIds.TryGetValue(facet, out var f) && _producer[f] >= 0 ? _index.Plannable[_producer[f]] : null;

    public IEnumerable<string> ReachableFacets => _reachedOrder.Select(f => _index.FacetNames[f])
        .Concat(Input.InputFacets.Concat(Input.CompletedFacetProducers.Keys).Where(f => !_index.FacetIds.ContainsKey(f)).Distinct());

    public static CapabilityGraph Build(PlanningInput input)
    {
        var index = input.Index;
        var selection = input.Selection;
        var forbidden = (selection.Forbid ?? []).ToHashSet(StringComparer.Ordinal);
        var pinned = (selection.Require ?? []).Where(input.Capabilities.ContainsKey).Where(id => !forbidden.Contains(id))
            .ToHashSet(StringComparer.Ordinal);
        bool[]? usable = null;
        if (forbidden.Count > 0 || pinned.Count > 0)
        {
            // A pinned capability is the only producer considered for the facets it outputs: that is what pinning means.
            var pinnedFacets = pinned.SelectMany(id => input.Capabilities[id].OutputFacets).ToHashSet(StringComparer.Ordinal);
            usable = Array.ConvertAll(index.Plannable, c => !forbidden.Contains(c.CapabilityId)
                && (pinned.Contains(c.CapabilityId) || !c.OutputFacets.Any(pinnedFacets.Contains)));
        }
        var graph = new CapabilityGraph(input, usable, forbidden);
        graph.Settle();
        return graph;
    }

    private bool IsUsable(int capability) => _usable?[capability] ?? true;

    private void Settle()
    {
        var queue = new PriorityQueue<int, (PathCost Cost, int Facet)>(FacetOrder.Instance);
        foreach (var facet in Input.InputFacets.Concat(Input.CompletedFacetProducers.Keys))
        {
            if (_index.FacetIds.TryGetValue(facet, out var f) && !_reached[f])
            {
                _upFront[f] = _reached[f] = true;
                _reachedOrder.Add(f);
                queue.Enqueue(f, (PathCost.Zero, f));
            }
        }
        var missing = new int[_index.Plannable.Length];
        for (var i = 0; i < missing.Length; i++)
        {
            missing[i] = _index.Inputs[i].Length;
            if (missing[i] == 0 && IsUsable(i))
            {
                Offer(i, queue);
            }
        }
        while (queue.TryDequeue(out var facet, out _))
        {
            if (_settled[facet])
            {
                continue;
            }
            _settled[facet] = true;
            foreach (var capability in _index.Consumers[facet])
            {
                if (--missing[capability] == 0 && IsUsable(capability))
                {
                    Offer(capability, queue);
                }
            }
        }
    }

    // All inputs are settled: the capability's path cost is its own plus its inputs'; it improves any output facet that
    // is not available up front and has no cheaper producer yet (ties go to the smaller id, for determinism: capability
    // numbers follow ordinal id order).
    private void Offer(int capability, PriorityQueue<int, (PathCost, int)> queue)
    {
        var cost = CapabilityCost(capability);
        foreach (var input in _index.Inputs[capability])
        {
            cost += _cost[input];
        }
        foreach (var facet in _index.Outputs[capability])
        {
            if (_upFront[facet] || _settled[facet])
            {
                continue;
            }
            if (_reached[facet] && (_cost[facet] < cost || _cost[facet].CompareTo(cost) == 0 && _producer[facet] <= capability))
            {
                continue;
            }
            if (!_reached[facet])
            {
                _reached[facet] = true;
                _reachedOrder.Add(facet);
            }
            _cost[facet] = cost;
            _producer[facet] = capability;
            queue.Enqueue(facet, (cost, facet));
        }
    }

    private PathCost CapabilityCost(int capability) =>
        _costPolicy is null ? _index.BaseCost[capability] : PathCost.Of(_index.Plannable[capability], _costPolicy);

    /// Why a facet cannot be produced, in words a caller can act on: the facets at the root of the problem (needed
    /// somewhere upstream, yet neither provided nor produced by any usable capability) are named explicitly.
    public PlanDiagnostic ExplainUnreachable(string facet)
    {
        var producers = UsableProducers(facet).ToList();
        if (producers.Count == 0)
        {
            return Diagnostics.Error("no_producer", $"no active capability produces facet `{facet}`{ForbiddenNote(facet)}", facet: facet);
        }
        var roots = MissingRoots(facet).ToList();
        return Diagnostics.Error("unreachable_facet",
            $"facet `{facet}` is unreachable from the envelope's inputs: it needs " +
            $"{string.Join(", ", roots.Select(r => $"`{r}`{ForbiddenNote(r)}"))}, which neither the inputs nor any active " +
            $"capability provide (producers of `{facet}`: {string.Join(", ", producers.Select(p => $"`{p.CapabilityId}`"))})",
            facet: facet);
    }

    private IEnumerable<CapabilityRecord> UsableProducers(string facet) =>
        _index.FacetIds.TryGetValue(facet, out var f)
            ? _index.Producers[f].Where(IsUsable).Select(i => _index.Plannable[i])
            : [];

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
            var producers = UsableProducers(current).ToList();
            if (producers.Count == 0)
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

    // Facet numbers follow ordinal name order, so ties on cost break by name as before.
    private sealed class FacetOrder : IComparer<(PathCost Cost, int Facet)>
    {
        public static readonly FacetOrder Instance = new();

        public int Compare((PathCost Cost, int Facet) x, (PathCost Cost, int Facet) y)
        {
            var byCost = x.Cost.CompareTo(y.Cost);
            return byCost != 0 ? byCost : x.Facet.CompareTo(y.Facet);
        }
    }
}
