namespace FlexAspire.Api.Envelopes;

internal static partial class EnvelopeCompatibility
{
    // Their actions carry their options inline ({type: 'fail', message}); ours under `params`.
    private static readonly Dictionary<string, Dictionary<string, string>> InlineActionFields = new()
    {
        ["fail"] = new() { ["message"] = "message" },
        ["pause"] = new() { ["reason"] = "question" },
        ["replan"] = new() { ["rationale"] = "reason" },
        ["hitl"] = new() { ["rationale"] = "question" },
        ["emit"] = new() { ["event"] = "event", ["payload"] = "payload" },
    };

    private static bool RuntimePolicy(JsonObject? policy, string field, ValidationErrors errors)
    {
        if (policy is null)
            return false;
        var changed = false;
        if (policy["trigger"] is JsonObject trigger)
        {
            var kind = Text(trigger["kind"]);
            if (kind is "onMetricBelow" or "manual")
                errors.Add($"{field}.trigger.kind", $"The {kind} trigger is not supported; use onStart, onNodeComplete, onValidationFail or onTimeout.");
            if (trigger.ContainsKey("ms"))
                errors.Add($"{field}.trigger.ms", "onTimeout fires when a node passes the run's node timeout (Flex:Runs:NodeTimeout) or a human task its timeoutSeconds; a per-policy ms is not supported.");
            if (trigger["condition"] is JsonObject condition)
                changed |= ConditionForms(condition, Text(condition["path"]), $"{field}.trigger.condition", errors);
        }
        if (policy["action"] is JsonObject action && Text(action["type"]) is { } type)
        {
            if (type == "goto")
                errors.Add($"{field}.action.type", "goto is not supported: a run's order is its plan; use replan.");
            foreach (var key in new[] { "approveAction", "rejectAction", "next", "maxAttempts" })
            {
                if (action.ContainsKey(key))
                    errors.Add($"{field}.action.{key}", $"{key} is not supported.");
            }
            if (InlineActionFields.TryGetValue(type, out var inline))
            {
                foreach (var (theirs, ours) in inline)
                {
                    if (action[theirs] is not { } value)
                        continue;
                    var parameters = action["params"] as JsonObject ?? new JsonObject();
                    action["params"] = parameters;
                    action.Remove(theirs);
                    if (parameters.ContainsKey(ours))
                        errors.Add($"{field}.action.{theirs}", $"Give {theirs} or params.{ours}, not both.");
                    else
                        parameters[ours] = value;
                    changed = true;
                }
            }
        }
        return changed;
    }
}
