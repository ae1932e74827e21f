namespace FlexAspire.Contracts.Plans;

/// A plan graph. Edges form a DAG; independent branches may run in parallel.
public sealed record FlexPlan
{
    public required string RunId { get; init; }
    public required int Version { get; init; }
    public required IReadOnlyList<PlanNode> Nodes { get; init; }
    public required IReadOnlyList<PlanEdge> Edges { get; init; }
    public JsonObject? Metadata { get; init; }
}

public sealed record PlanEdge
{
    public required string From { get; init; }
    public required string To { get; init; }
    public string? Reason { get; init; }
}

public sealed record PlanNode
{
    /// Stable across replans: derived from capability and purpose, never from position.
    public required string Id { get; init; }

    public required CapabilityKind Kind { get; init; }
    public required string CapabilityId { get; init; }
    public required string Label { get; init; }
    public required NodeStatus Status { get; init; }
    public required IReadOnlyList<string> InputFacets { get; init; }
    public required IReadOnlyList<string> OutputFacets { get; init; }
    public required NodeContracts Contracts { get; init; }
    public required NodeExecutor Executor { get; init; }
    public required IReadOnlyList<string> Rationale { get; init; }

    /// What running the node needs from the capability's registration, copied from the record the plan was made from,
    /// so executing a node never asks the registry again. Absent for the structuring node (always hosted by the API)
    /// and for completed nodes kept across a replan.
    public PlannedCapability? Capability { get; init; }

    public JsonObject? Metadata { get; init; }
}

/// The registration fields an executor needs besides the node's own (id, label, kind, contracts, executor).
public sealed record PlannedCapability
{
    public required string Version { get; init; }
    public required string Summary { get; init; }
    public IReadOnlyList<string>? PreferredModels { get; init; }
    public JsonObject? InstructionTemplates { get; init; }

    /// Where a remote agent is called; absent: the API hosts the capability.
    public CapabilityInvocation? Invocation { get; init; }
}

public sealed record NodeContracts
{
    public OutputContract? Input { get; init; }
    public required OutputContract Output { get; init; }
}

public sealed record NodeExecutor
{
    public required AgentType Type { get; init; }

    /// Present for human executors.
    public HumanAssignment? Assignment { get; init; }
}
