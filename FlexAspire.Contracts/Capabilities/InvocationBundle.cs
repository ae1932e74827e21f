namespace FlexAspire.Contracts.Capabilities;

/// The context bundle POSTed to a remote capability's invocation.url.
public sealed record CapabilityInvocationRequest
{
    public required string RunId { get; init; }
    public required string NodeId { get; init; }
    public required string CapabilityId { get; init; }
    public required string Objective { get; init; }

    /// Facet name -> current value, for the node's declared input facets.
    public required JsonObject Inputs { get; init; }

    public required IReadOnlyList<string> SpecialInstructions { get; init; }

    /// The JSON Schema the output must satisfy (facet contracts already compiled).
    public required JsonObject OutputSchema { get; init; }

    /// 1 on the first call; higher on a re-ask, which then carries the previous attempt's validation errors.
    public required int Attempt { get; init; }

    public IReadOnlyList<ValidationIssue>? ValidationErrors { get; init; }

    /// True when the agent may answer `{hitlRequest: {question, kind, allowFreeForm?, urgency?}}` instead of an output
    /// (it has not asked a person for this node yet); absent otherwise.
    public bool? MayRequestHitl { get; init; }

    /// For a node of a variant branch (`topology.variantCount` > 1): which of the variants it writes. The branches
    /// get the same inputs, so this is what tells them apart; absent outside variant branches.
    public VariantPosition? Variant { get; init; }
}

/// Variant `Index` (1-based) of `Count`.
public sealed record VariantPosition
{
    public required int Index { get; init; }
    public required int Count { get; init; }
}

public sealed record CapabilityInvocationResponse
{
    public required JsonNode Output { get; init; }
}
