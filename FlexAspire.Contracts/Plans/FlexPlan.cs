using System.Text.Json.Nodes;
using FlexAspire.Contracts.Capabilities;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Runs;

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
    public JsonObject? Metadata { get; init; }
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
