namespace FlexAspire.Contracts.Events;

/// The `data:` of one SSE frame (docs/design.md, "Event stream"). The typed payload records in this folder describe `payload` per type;
/// the envelope keeps it as a JsonObject so the event log can store and replay frames without knowing every type.
public sealed record FlexEvent
{
    /// One of FlexEventTypes.
    public required string Type { get; init; }

    public required string RunId { get; init; }

    /// Per run, from 1, strictly increasing; heartbeats repeat the last seq sent and are not persisted.
    public required long Seq { get; init; }

    public required DateTimeOffset Timestamp { get; init; }
    public required string CorrelationId { get; init; }
    public required string TraceId { get; init; }
    public string? NodeId { get; init; }
    public int? PlanVersion { get; init; }
    public string? Message { get; init; }
    public JsonObject? Payload { get; init; }
}

/// The SSE `event:` names, exactly as the existing UI listeners expect them.
public static class FlexEventTypes
{
    public const string Start = "start";
    public const string PlanRequested = "plan_requested";
    public const string PlanRejected = "plan_rejected";
    public const string PlanGenerated = "plan_generated";
    public const string PlanUpdated = "plan_updated";
    public const string NodeStart = "node_start";
    public const string NodeComplete = "node_complete";
    public const string NodeError = "node_error";
    public const string NodeRetry = "node_retry";
    public const string ValidationError = "validation_error";
    public const string HitlRequest = "hitl_request";
    public const string HitlResolved = "hitl_resolved";
    public const string PolicyTriggered = "policy_triggered";
    public const string GoalConditionFailed = "goal_condition_failed";
    public const string Log = "log";
    public const string Heartbeat = "heartbeat";
    public const string Complete = "complete";

    public static IReadOnlyList<string> All { get; } =
    [
        Start, PlanRequested, PlanRejected, PlanGenerated, PlanUpdated, NodeStart, NodeComplete, NodeError, NodeRetry,
        ValidationError, HitlRequest, HitlResolved, PolicyTriggered, GoalConditionFailed, Log, Heartbeat, Complete,
    ];
}
