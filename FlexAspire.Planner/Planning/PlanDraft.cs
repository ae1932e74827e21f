namespace FlexAspire.Planner.Planning;

/// The content part of a plan before assembly: which capabilities run and what feeds what. Both planners produce it
/// (the LLM as structured output), so variants, the structuring step and replan bookkeeping are added in one place.
public sealed record PlanDraft
{
    public required IReadOnlyList<DraftNode> Nodes { get; init; }
    public required IReadOnlyList<DraftEdge> Edges { get; init; }
}

public sealed record DraftNode
{
    public required string Id { get; init; }
    public required string CapabilityId { get; init; }
    public required IReadOnlyList<string> InputFacets { get; init; }
    public required IReadOnlyList<string> OutputFacets { get; init; }
    public required string Rationale { get; init; }
}

public sealed record DraftEdge
{
    public required string From { get; init; }
    public required string To { get; init; }
}
