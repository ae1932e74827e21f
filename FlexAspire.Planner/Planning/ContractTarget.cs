namespace FlexAspire.Planner.Planning;

/// What the content part of a plan must produce, and how the final output is shaped from it.
public sealed record ContractTarget
{
    /// Facets the content nodes must produce (and that feed the structuring node when there is one).
    public required IReadOnlyList<string> GoalFacets { get; init; }

    public required StructuringMode Structuring { get; init; }

    /// For json_schema: the produced facet whose schema already equals the caller's, when one does.
    public string? MatchedFacet { get; init; }

    public required IReadOnlyList<PlanDiagnostic> Diagnostics { get; init; }
}

public enum StructuringMode
{
    /// The goal facets are the output (facets contract, or a facet schema equal to the caller's).
    None,

    /// contract.Structurer maps the goal facets onto the caller's JSON Schema.
    CallerSchema,

    /// contract.Structurer formats the goal facets as text for a freeform contract.
    FreeformText,

    /// contract.Structurer merges variant branches into the facets the caller asked for.
    VariantConvergence,
}
