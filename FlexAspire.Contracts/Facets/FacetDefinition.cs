namespace FlexAspire.Contracts.Facets;

/// One entry of the shared facet vocabulary. Schema is a draft 2020-12 JSON Schema object.
public sealed record FacetDefinition
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required JsonObject Schema { get; init; }
    public required FacetDirection Direction { get; init; }
    public required bool RequiredByDefault { get; init; }
}

[JsonConverter(typeof(StrictEnumConverter<FacetDirection>))]
public enum FacetDirection
{
    [JsonStringEnumMemberName("input")] Input,
    [JsonStringEnumMemberName("output")] Output,
    [JsonStringEnumMemberName("bidirectional")] Bidirectional,
}
