namespace FlexAspire.Contracts.Envelopes;

/// The one JSON Schema of an output (or capability input) contract, used by every service: the registry stores it,
/// the planner gives it to structuring steps, the API validates node outputs against it.
public static class ContractSchema
{
    /// The caller's schema as is; an object of the named facets' schemas; or `{text}` for free-form text.
    public static JsonObject For(OutputContract contract) => contract switch
    {
        JsonSchemaOutputContract schema => schema.Schema.DeepClone().AsObject(),
        // A null name in a hostile document is reported by validation; it never becomes a property.
        FacetsOutputContract facets => ForFacets(facets.Facets.Where(f => f is not null).Distinct(StringComparer.Ordinal).ToList()),
        FreeformOutputContract => FreeformText(),
        _ => throw new NotSupportedException(contract.GetType().Name),
    };

    /// An object with one required property per facet, each holding that facet's catalog schema (`{}` for a name the
    /// catalog lacks; validation reports unknown names separately).
    public static JsonObject ForFacets(IReadOnlyList<string> facets) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray(facets.Select(f => (JsonNode)f).ToArray()),
        ["properties"] = new JsonObject(facets.Select(f => KeyValuePair.Create(f,
            (JsonNode?)(FacetCatalog.Find(f)?.Schema.DeepClone() ?? new JsonObject())))),
        ["additionalProperties"] = false,
    };

    /// Free-form text is an object, not a bare string: structured-output models need an object root, and the run
    /// engine validates every node output as an object. The text is at `/text`.
    public static JsonObject FreeformText() => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("text"),
        ["properties"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 } },
        ["additionalProperties"] = false,
    };
}
