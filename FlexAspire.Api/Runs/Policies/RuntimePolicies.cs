namespace FlexAspire.Api.Runs.Policies;

/// Which runtime policies fire at a trigger, and the `policy_triggered` frame that reports one (docs/runs.md,
/// "Runtime policies"). Every action is carried out by the engine; intake refuses what it could not carry out.
public static class RuntimePolicies
{
    /// The enabled policies of `kind` whose selector matches `node` (run-level triggers pass null) and whose
    /// condition holds on `facets`, in the envelope's order.
    public static IReadOnlyList<RuntimePolicy> Matching(TaskEnvelope envelope, TriggerKind kind, PlanNode? node, JsonObject facets) =>
        Matching(envelope, kind, node?.Id, node?.CapabilityId, facets);

    public static IReadOnlyList<RuntimePolicy> Matching(TaskEnvelope envelope, TriggerKind kind, string? nodeId, string? capabilityId, JsonObject facets) =>
        (envelope.Policies?.Runtime ?? [])
            .Where(p => p.Enabled && p.Trigger.Kind == kind
                && (nodeId is null || PolicySelector.Matches(p.Trigger.Selector, nodeId, capabilityId ?? nodeId))
                && (p.Trigger.Condition is not { } c || GoalConditionEvaluator.Evaluate(AsGoal(c), facets).Satisfied))
            .ToList();

    /// The first policy that steers the run (every action but `emit`), after the `emit` ones.
    public static RuntimePolicy? Steering(IReadOnlyList<RuntimePolicy> matching) =>
        matching.FirstOrDefault(p => p.Action.Type != PolicyActionType.Emit);

    public static IEnumerable<PendingFrame> Emitted(IReadOnlyList<RuntimePolicy> matching, string? nodeId) =>
        matching.Where(p => p.Action.Type == PolicyActionType.Emit).Select(p => Triggered(p, nodeId));

    public static PendingFrame Triggered(RuntimePolicy policy, string? nodeId, string? message = null)
    {
        var payload = RunFrames.Payload(new PolicyTriggeredPayload
        {
            PolicyId = policy.Id, Trigger = policy.Trigger.Kind, Action = policy.Action.Type, Params = policy.Action.Params?.DeepClone().AsObject(),
        }, FlexJsonContext.Default.PolicyTriggeredPayload);
        return new PendingFrame(FlexEventTypes.PolicyTriggered, nodeId, message ?? Text(policy, "message")
            ?? $"Policy {policy.Id}: {Name(policy.Trigger.Kind)} → {Name(policy.Action.Type)}", payload);
    }

    public static string? Text(RuntimePolicy policy, string param) =>
        policy.Action.Params?[param] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static GoalCondition AsGoal(PolicyCondition c) =>
        new() { Facet = c.Facet, Path = c.Path ?? "", Condition = new GoalConditionExpression { Dsl = c.Dsl } };

    private static string Name<T>(T value) where T : struct, Enum =>
        JsonSerializer.SerializeToElement(value, typeof(T), FlexJsonContext.Default).GetString()!;
}

/// Which nodes a runtime policy watches: none given = every node; a string = a node id or capability id; an object
/// `{nodeId?, capabilityId?}`.
public static class PolicySelector
{
    public static bool Matches(JsonNode? selector, PlanNode node) => Matches(selector, node.Id, node.CapabilityId);

    public static bool Matches(JsonNode? selector, string nodeId, string capabilityId) => selector switch
    {
        null => true,
        JsonValue value when value.TryGetValue<string>(out var id) => id == nodeId || id == capabilityId,
        JsonObject o => (o["nodeId"]?.GetValue<string>() is not { } n || n == nodeId)
                        && (o["capabilityId"]?.GetValue<string>() is not { } c || c == capabilityId),
        _ => false,
    };
}
