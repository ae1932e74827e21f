namespace FlexAspire.Planner.Planning;

/// The shape the planner reads from `PlanRequest.graphState` on replan (documented in docs/planner.md). The contract
/// keeps graphState a free JsonObject so the run engine can add fields; the planner reads only these.
public sealed record GraphState
{
    /// The version of the plan being replaced; the new plan gets this + 1.
    public int? PlanVersion { get; init; }

    public string? RunId { get; init; }

    /// Completed nodes keep their ids and outputs in the new plan.
    public IReadOnlyList<CompletedNodeState>? CompletedNodes { get; init; }

    public string? FailureReason { get; init; }

    /// Facets whose goal condition failed are planned again even though a completed node produced them.
    public IReadOnlyList<FailedGoalCondition>? FailedGoalConditions { get; init; }
}

public sealed record CompletedNodeState
{
    public required string Id { get; init; }
    public string? CapabilityId { get; init; }

    /// Facet name -> value the node produced.
    public JsonObject? Outputs { get; init; }
}

public sealed record FailedGoalCondition
{
    public required string Facet { get; init; }
    public string? Path { get; init; }
    public string? Dsl { get; init; }
    public string? Reason { get; init; }
}
