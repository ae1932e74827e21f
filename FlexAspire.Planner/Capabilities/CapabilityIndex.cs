using FlexAspire.Planner.Planning;

namespace FlexAspire.Planner.Capabilities;

/// One registry generation's active capabilities with everything the graph search needs, built once per change and
/// shared read-only by every plan of that generation: capabilities by id, facets numbered in ordinal name order,
/// each plannable capability's distinct input/output facet numbers and base cost, producers and consumers per facet,
/// and the canonical form of each facet schema (for "does a produced facet already satisfy the caller's schema?").
public sealed class CapabilityIndex
{
    private readonly Dictionary<string, string> _canonicalSchemas;
    private readonly Dictionary<string, IReadOnlySet<string>> _facetTokens;

    private CapabilityIndex(long generation, Dictionary<string, CapabilityRecord> capabilities,
        Dictionary<string, FacetDefinition> facets)
    {
        Generation = generation;
        Capabilities = capabilities;
        Facets = facets;
        Plannable = capabilities.Values.Where(c => c.CapabilityId != CapabilityGraph.StructurerId)
            .OrderBy(c => c.CapabilityId, StringComparer.Ordinal).ToArray();
        FacetNames = Plannable.SelectMany(c => c.InputFacets.Concat(c.OutputFacets)).Concat(facets.Keys)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var facetIds = new Dictionary<string, int>(FacetNames.Length, StringComparer.Ordinal);
        for (var f = 0; f < FacetNames.Length; f++)
        {
            facetIds[FacetNames[f]] = f;
        }
        FacetIds = facetIds;

        Inputs = new int[Plannable.Length][];
        Outputs = new int[Plannable.Length][];
        BaseCost = new PathCost[Plannable.Length];
        var consumers = new List<int>?[FacetNames.Length];
        var producers = new List<int>?[FacetNames.Length];
        for (var i = 0; i < Plannable.Length; i++)
        {
            var capability = Plannable[i];
            Inputs[i] = capability.InputFacets.Select(f => facetIds[f]).Distinct().ToArray();
            Outputs[i] = capability.OutputFacets.Select(f => facetIds[f]).Distinct().ToArray();
            BaseCost[i] = PathCost.Of(capability, selection: null);
            foreach (var f in Inputs[i])
            {
                (consumers[f] ??= []).Add(i);
            }
            foreach (var f in Outputs[i])
            {
                (producers[f] ??= []).Add(i);
            }
        }
        Consumers = Array.ConvertAll(consumers, list => list?.ToArray() ?? []);
        Producers = Array.ConvertAll(producers, list => list?.ToArray() ?? []);
        _canonicalSchemas = facets.Values.ToDictionary(f => f.Name, f => CanonicalSchema.Text(f.Schema), StringComparer.Ordinal);
        _facetTokens = facets.Values.ToDictionary(f => f.Name, FacetRelevance.FacetTokens, StringComparer.Ordinal);
    }

    public static CapabilityIndex Empty { get; } = Build([]);

    /// The registry generation this index was built from (0 for in-memory catalogs).
    public long Generation { get; }

    /// Active capabilities by id (the last one wins should an id appear twice, which the registry never sends).
    public IReadOnlyDictionary<string, CapabilityRecord> Capabilities { get; }

    public IReadOnlyDictionary<string, FacetDefinition> Facets { get; }

    /// Every active capability but the structurer, in ordinal id order: position = capability number.
    public CapabilityRecord[] Plannable { get; }

    /// Facet names in ordinal order: position = facet number, so comparing numbers compares names.
    public string[] FacetNames { get; }
    public IReadOnlyDictionary<string, int> FacetIds { get; }

    public int[][] Inputs { get; }
    public int[][] Outputs { get; }

    /// Cost without selection policy (which each request adds for itself).
    public PathCost[] BaseCost { get; }

    public int[][] Consumers { get; }
    public int[][] Producers { get; }

    /// Whether a catalog facet's schema is structurally the caller's schema, whose canonical form the caller computes
    /// once per request with CanonicalSchema.Text.
    public bool SchemaMatches(string facet, string canonicalCallerSchema) =>
        _canonicalSchemas.TryGetValue(facet, out var canonical) && canonical == canonicalCallerSchema;

    /// The facet's vocabulary for relevance scoring (FacetRelevance.FacetTokens), computed once per generation.
    public IReadOnlySet<string> TokensOf(FacetDefinition facet) =>
        _facetTokens.TryGetValue(facet.Name, out var tokens) ? tokens : FacetRelevance.FacetTokens(facet);

    public static CapabilityIndex Build(IEnumerable<CapabilityRecord> capabilities, long generation = 0,
        IEnumerable<FacetDefinition>? facets = null)
    {
        var byId = new Dictionary<string, CapabilityRecord>(StringComparer.Ordinal);
        foreach (var capability in capabilities.Where(c => c.Status == CapabilityStatus.Active))
        {
            byId[capability.CapabilityId] = capability;
        }
        var facetsByName = (facets ?? FacetCatalog.All).ToDictionary(f => f.Name, StringComparer.Ordinal);
        return new CapabilityIndex(generation, byId, facetsByName);
    }
}
