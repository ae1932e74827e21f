namespace FlexAspire.Contracts.Envelopes;

public sealed record EnvelopePolicies
{
    public PlannerPolicy? Planner { get; init; }
    public IReadOnlyList<RuntimePolicy>? Runtime { get; init; }
}

public sealed record PlannerPolicy
{
    public SelectionPolicy? Selection { get; init; }
    public TopologyPolicy? Topology { get; init; }

    /// Free-form hints for the planner (e.g. LLM planner directives).
    public JsonObject? Directives { get; init; }
}

/// Capability ids the planner must use, must not use, or should lean towards / away from.
public sealed record SelectionPolicy
{
    public IReadOnlyList<string>? Require { get; init; }
    public IReadOnlyList<string>? Forbid { get; init; }
    public IReadOnlyList<string>? Prefer { get; init; }
    public IReadOnlyList<string>? Avoid { get; init; }
}

public sealed record TopologyPolicy
{
    /// 1..6, checked by the API's EnvelopeValidator.
    public int? VariantCount { get; init; }
    public int? MaxDepth { get; init; }
}

public sealed record RuntimePolicy
{
    public required string Id { get; init; }
    // `set`, not `init`: the source generator assigns init-only members in the object initializer, so a missing
    // `enabled` became false instead of this default (a policy without `enabled` is on).
    public bool Enabled { get; set; } = true;
    public required PolicyTrigger Trigger { get; init; }
    public required PolicyAction Action { get; init; }
}

public sealed record PolicyTrigger
{
    public required TriggerKind Kind { get; init; }

    /// Which nodes the trigger watches: a capability id / node id string or a small object; free-form because
    /// existing clients send both.
    public JsonNode? Selector { get; init; }

    /// Fires only when this holds on the run's facets at that moment (the goal condition language).
    public PolicyCondition? Condition { get; init; }
}

/// `{facet, path?, dsl}`: a goal-condition expression over the value `path` selects in `facet`.
public sealed record PolicyCondition
{
    public required string Facet { get; init; }
    public string? Path { get; init; }
    public required string Dsl { get; init; }
}

public sealed record PolicyAction
{
    public required PolicyActionType Type { get; init; }

    /// Action-specific options (e.g. the question of a hitl action, the message of an emit action).
    public JsonObject? Params { get; init; }
}

[JsonConverter(typeof(StrictEnumConverter<TriggerKind>))]
public enum TriggerKind
{
    [JsonStringEnumMemberName("onStart")] OnStart,
    [JsonStringEnumMemberName("onNodeComplete")] OnNodeComplete,
    [JsonStringEnumMemberName("onValidationFail")] OnValidationFail,
    [JsonStringEnumMemberName("onTimeout")] OnTimeout,
}

[JsonConverter(typeof(StrictEnumConverter<PolicyActionType>))]
public enum PolicyActionType
{
    [JsonStringEnumMemberName("replan")] Replan,
    [JsonStringEnumMemberName("hitl")] Hitl,
    [JsonStringEnumMemberName("fail")] Fail,
    [JsonStringEnumMemberName("pause")] Pause,
    [JsonStringEnumMemberName("emit")] Emit,
}
