namespace FlexAspire.Contracts.Facets;

/// The seed facet catalog shipped inside this assembly (Facets/facet-catalog.json).
public static class FacetCatalog
{
    public const string ResourceName = "FlexAspire.Contracts.Facets.facet-catalog.json";

    private static readonly Lazy<IReadOnlyList<FacetDefinition>> Catalog = new(Load);

    /// Parsed once; callers that mutate a schema must DeepClone it first, the nodes are shared.
    public static IReadOnlyList<FacetDefinition> All => Catalog.Value;

    public static FacetDefinition? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// A fresh copy, for callers that want to own (and mutate) the definitions.
    public static IReadOnlyList<FacetDefinition> Load()
    {
        using var stream = typeof(FacetCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        var facets = JsonSerializer.Deserialize(stream, FlexJsonContext.Default.ListFacetDefinition)
            ?? throw new InvalidOperationException("The facet catalog is empty.");
        return facets.AsReadOnly();
    }
}
