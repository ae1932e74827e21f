namespace FlexAspire.Contracts.Runs;

/// One row of `GET /api/v1/flex/runs`.
public sealed record RunSummary
{
    public required string RunId { get; init; }
    public required RunStatus Status { get; init; }
    public required string Objective { get; init; }
    public EnvelopeMetadata? Metadata { get; init; }
    public int? PlanVersion { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// `GET /api/v1/flex/runs/{id}`; the envelope comes back with secrets redacted.
public sealed record RunDetail
{
    public required string RunId { get; init; }
    public required RunStatus Status { get; init; }
    public required TaskEnvelope Envelope { get; init; }
    public FlexPlan? Plan { get; init; }

    /// Facet name -> latest value in the run context.
    public JsonObject? Facets { get; init; }

    public JsonNode? Output { get; init; }
    public FlexError? Error { get; init; }
    public IReadOnlyList<PendingWork>? Pending { get; init; }

    /// Seq of the last persisted event, for resuming the stream with `?after=`.
    public required long LastSeq { get; init; }

    /// Every plan version the run has had (replans add versions); `plan` is the newest.
    public IReadOnlyList<int>? PlanVersions { get; init; }

    /// Execution state of each node of the current plan.
    public IReadOnlyList<RunNodeState>? Nodes { get; init; }

    /// Frames in the run's event log.
    public long? EventCount { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// One node of a run as executed: status, attempts, timing, and its error when it failed.
public sealed record RunNodeState
{
    public required string NodeId { get; init; }
    public required string CapabilityId { get; init; }
    public required NodeStatus Status { get; init; }
    public required int Attempts { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public FlexError? Error { get; init; }
}

public sealed record FlexError
{
    /// Machine-readable, e.g. `validation_failed`, `plan_rejected`, `capability_unavailable`.
    public required string Code { get; init; }
    public required string Message { get; init; }
}

/// What a paused run waits for: a HITL answer (requestId) or a human task (taskId).
public sealed record PendingWork
{
    public required PendingKind Kind { get; init; }
    public string? NodeId { get; init; }
    public string? RequestId { get; init; }
    public string? TaskId { get; init; }
    public string? Question { get; init; }
}
