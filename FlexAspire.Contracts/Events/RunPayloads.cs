namespace FlexAspire.Contracts.Events;

/// `complete`: the last frame of every stream; status is the run status at that moment.
public sealed record CompletePayload
{
    public required RunStatus Status { get; init; }

    /// Set when status is completed.
    public JsonNode? Output { get; init; }

    /// Set when status is failed.
    public FlexError? Error { get; init; }

    /// Set when status is awaiting_hitl / awaiting_human.
    public IReadOnlyList<PendingWork>? Pending { get; init; }

    /// Every goal condition's last result, when the envelope has any (completed, or failed because one never held).
    /// Snake case on the wire like the envelope's `goal_condition`.
    [JsonPropertyName("goal_condition_results")]
    public IReadOnlyList<GoalConditionResult>? GoalConditionResults { get; init; }
}

/// One goal condition checked against the run's facets.
public sealed record GoalConditionResult
{
    public required string Facet { get; init; }
    public required string Path { get; init; }
    public required string Dsl { get; init; }
    public required bool Satisfied { get; init; }

    /// The value the path selected (absent when it selected nothing).
    public JsonNode? Value { get; init; }

    /// Why it does not hold.
    public string? Reason { get; init; }
}

/// `plan_requested`.
public sealed record PlanRequestedPayload
{
    public required PlanPhase Phase { get; init; }
}

/// `plan_generated` and `plan_updated`.
public sealed record PlanPayload
{
    public required FlexPlan Plan { get; init; }
}

/// `plan_rejected`: why the planner refused (or why a draft was rejected before a retry).
public sealed record PlanRejectedPayload
{
    public required IReadOnlyList<PlanDiagnostic> Diagnostics { get; init; }

    /// The LLM planner's draft this rejects (1, 2, …); absent when the planner refused the envelope itself.
    public int? Attempt { get; init; }
}

/// `heartbeat`.
public sealed record HeartbeatPayload
{
    public required DateTimeOffset Ts { get; init; }
}

/// `policy_triggered`.
public sealed record PolicyTriggeredPayload
{
    public required string PolicyId { get; init; }
    public required TriggerKind Trigger { get; init; }
    public required PolicyActionType Action { get; init; }

    /// The action's params as the envelope gave them.
    public JsonObject? Params { get; init; }
}

/// `goal_condition_failed`.
public sealed record GoalConditionFailedPayload
{
    public required string Facet { get; init; }
    public required string Path { get; init; }
    public required string Dsl { get; init; }
    public string? Reason { get; init; }

    /// The replan this failure asks for (1, 2, …); absent when the replan bound is reached and the run fails.
    public int? Replan { get; init; }
}
