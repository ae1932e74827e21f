using FlexAspire.Api.Envelopes;
using FlexAspire.Contracts.Facets;

namespace FlexAspire.Api.Runs.Policies;

/// Intake checks of `policies.runtime`: a policy the engine could not carry out exactly as written is a 400 naming
/// the field, never stored to do nothing.
internal static class RuntimePolicyValidator
{
    /// The params each action reads, and what a value may be (null: any string).
    private static readonly Dictionary<PolicyActionType, Dictionary<string, string[]?>> Params = new()
    {
        [PolicyActionType.Hitl] = new() { ["kind"] = ["approval", "clarify"], ["question"] = null, ["urgency"] = ["low", "normal", "high"] },
        [PolicyActionType.Pause] = new() { ["question"] = null, ["urgency"] = ["low", "normal", "high"] },
        [PolicyActionType.Fail] = new() { ["message"] = null },
        // event and payload: the existing system's emit action ({event, payload}); carried in policy_triggered's params.
        [PolicyActionType.Emit] = new() { ["message"] = null, ["event"] = null, ["payload"] = null },
        [PolicyActionType.Replan] = new() { ["reason"] = null },
    };

    public static void Check(ValidationErrors errors, IReadOnlyList<RuntimePolicy> policies, IReadOnlyList<FacetDefinition>? facets)
    {
        for (var i = 0; i < policies.Count; i++)
        {
            var field = $"policies.runtime[{i}]";
            var policy = policies[i];
            CheckSelector(errors, $"{field}.trigger.selector", policy.Trigger);
            if (policy.Trigger.Condition is { } condition)
            {
                if (string.IsNullOrWhiteSpace(condition.Facet))
                    errors.Add($"{field}.trigger.condition.facet", "A condition needs a facet.");
                else if (facets is not null && !facets.Any(f => f.Name == condition.Facet))
                    errors.Add($"{field}.trigger.condition.facet", $"'{condition.Facet}' is not a known facet.");
                if (condition.Path is { Length: > 0 } path && !path.StartsWith('/'))
                    errors.Add($"{field}.trigger.condition.path", $"'{path}' is not a JSON Pointer (it must be empty or start with '/').");
                if (string.IsNullOrWhiteSpace(condition.Dsl))
                    errors.Add($"{field}.trigger.condition.dsl", "A condition needs a dsl expression.");
                else if (GoalConditionEvaluator.Check(condition.Dsl) is { } problem)
                    errors.Add($"{field}.trigger.condition.dsl", problem);
            }
            CheckParams(errors, $"{field}.action.params", policy.Action);
        }
    }

    private static void CheckSelector(ValidationErrors errors, string field, PolicyTrigger trigger)
    {
        switch (trigger.Selector)
        {
            case null:
                return;
            case not null when trigger.Kind == TriggerKind.OnStart:
                errors.Add(field, "onStart concerns the whole run before any node starts: it takes no selector.");
                return;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0:
                return;
            case JsonObject selector when selector.Count > 0:
                foreach (var (key, value) in selector)
                {
                    if (key is not ("nodeId" or "capabilityId"))
                        errors.Add($"{field}.{key}", "A selector object has only nodeId and capabilityId.");
                    else if (value?.GetValueKind() != JsonValueKind.String)
                        errors.Add($"{field}.{key}", $"{key} must be a string.");
                }
                return;
            default:
                errors.Add(field, "A selector is a node id or capability id string, or an object {nodeId?, capabilityId?}.");
                return;
        }
    }

    private static void CheckParams(ValidationErrors errors, string field, PolicyAction action)
    {
        var allowed = Params[action.Type];
        foreach (var (key, value) in action.Params ?? [])
        {
            if (!allowed.TryGetValue(key, out var values))
            {
                errors.Add($"{field}.{key}", $"The {JsonSerializer.Serialize(action.Type, FlexAspire.Contracts.Serialization.FlexJsonContext.Default.PolicyActionType)} action reads only {string.Join(", ", allowed.Keys)}.");
                continue;
            }
            if (key == "payload")
            {
                if (value is not JsonObject)
                    errors.Add($"{field}.{key}", "payload must be an object.");
                continue;
            }
            var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            if (text is null || text.Length == 0)
                errors.Add($"{field}.{key}", $"{key} must be a non-empty string.");
            else if (values is not null && !values.Contains(text))
                errors.Add($"{field}.{key}", $"{key} must be one of {string.Join(", ", values)}.");
            else if (text.Length > EnvelopeValidator.MaxTextLength)
                errors.Add($"{field}.{key}", $"{key} must be at most {EnvelopeValidator.MaxTextLength} characters.");
        }
    }
}
