namespace FlexAspire.Contracts.Envelopes;

/// The shape a run's (or a capability's) output must have, discriminated by `mode`.
/// An unknown or missing mode is a deserialization error.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "mode")]
[JsonDerivedType(typeof(JsonSchemaOutputContract), OutputContractModes.JsonSchema)]
[JsonDerivedType(typeof(FacetsOutputContract), OutputContractModes.Facets)]
[JsonDerivedType(typeof(FreeformOutputContract), OutputContractModes.Freeform)]
public abstract record OutputContract;

public static class OutputContractModes
{
    public const string JsonSchema = "json_schema";
    public const string Facets = "facets";
    public const string Freeform = "freeform";
}

/// The caller's own JSON Schema (draft 2020-12).
public sealed record JsonSchemaOutputContract : OutputContract
{
    public required JsonObject Schema { get; init; }
    public JsonObject? Hints { get; init; }
    public JsonNode? Example { get; init; }
}

/// The output is an object holding the values of these facets.
public sealed record FacetsOutputContract : OutputContract
{
    public required IReadOnlyList<string> Facets { get; init; }
}

/// Text output.
public sealed record FreeformOutputContract : OutputContract
{
    public required string Instructions { get; init; }
    public string? ExpectedFormat { get; init; }
}
