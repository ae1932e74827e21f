using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Schemas;

namespace FlexAspire.Api.Envelopes;

/// Envelopes written for the existing awesomeposter flex server (docs/compatibility.md): the forms its published
/// schemas allow are rewritten to ours before the typed read, so the rest of flex sees one vocabulary. What flex cannot
/// honour is an error naming the field, never dropped.
internal static partial class EnvelopeCompatibility
{
    /// `body` with the existing system's forms rewritten by `normalize` (Body null: nothing to rewrite); null when the
    /// body is not a JSON object or names a member twice, for the typed read of the caller's body to report.
    public static (byte[]? Body, Dictionary<string, string[]> Errors)? Apply(byte[] body, Func<JsonObject, ValidationErrors, bool> normalize)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject document)
                return null;
            var errors = new ValidationErrors();
            var changed = normalize(document, errors);
            return (changed ? JsonSerializer.SerializeToUtf8Bytes(document, FlexAspire.Contracts.Serialization.FlexJsonContext.Default.JsonObject) : null,
                errors.ToDictionary());
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// Rewrites `envelope` in place; errors name the fields that cannot be honoured. True when anything changed.
    public static bool Normalize(JsonObject envelope, ValidationErrors errors)
    {
        var changed = OutputContract(envelope["outputContract"] as JsonObject);
        if (envelope["policies"] is JsonObject policies)
        {
            changed |= PlannerPolicy(policies["planner"] as JsonObject, envelope, errors);
            if (policies["runtime"] is JsonArray runtime)
            {
                for (var i = 0; i < runtime.Count; i++)
                    changed |= RuntimePolicy(runtime[i] as JsonObject, $"policies.runtime[{i}]", errors);
            }
        }
        if (envelope["goal_condition"] is JsonArray goals)
        {
            for (var i = 0; i < goals.Count; i++)
                changed |= GoalCondition(goals[i] as JsonObject, $"goal_condition[{i}]", errors);
        }
        return changed;
    }

    // Their json_schema contract may omit `mode` (`{schema}` alone); their freeform contract may carry an example.
    private static bool OutputContract(JsonObject? contract)
    {
        if (contract is null)
            return false;
        if (!contract.ContainsKey("mode") && contract["schema"] is JsonObject)
        {
            contract["mode"] = "json_schema";
            return true;
        }
        if (Text(contract["mode"]) == "freeform" && Text(contract["example"]) is { } example && Text(contract["instructions"]) is { } instructions)
        {
            contract.Remove("example");
            contract["instructions"] = $"{instructions}\n\nExample:\n{example}";
            return true;
        }
        return false;
    }

    private static bool PlannerPolicy(JsonObject? planner, JsonObject envelope, ValidationErrors errors)
    {
        if (planner is null)
            return false;
        var changed = false;
        // Their parser defaults these to []: an empty list asks nothing; kinds are not a planner notion here.
        if (planner["topology"] is JsonObject topology)
        {
            foreach (var key in new[] { "requiredKinds", "forbiddenKinds" })
            {
                if (!topology.ContainsKey(key))
                    continue;
                if (topology[key] is JsonArray { Count: 0 })
                {
                    topology.Remove(key);
                    changed = true;
                }
                else
                    errors.Add($"policies.planner.topology.{key}", "Plans are not shaped by node kind here; only an empty list is accepted.");
            }
        }
        if (planner["optimisation"] is not JsonObject optimisation)
            return changed;
        // optimisation.maxTokens is the run's token budget; the objective is a hint for the model planner (the
        // deterministic planner always takes the cheapest path).
        planner.Remove("optimisation");
        if (optimisation["maxTokens"] is { } maxTokens)
        {
            var constraints = envelope["constraints"] as JsonObject ?? new JsonObject();
            envelope["constraints"] = constraints;
            if (constraints.ContainsKey("maxTokens"))
                errors.Add("policies.planner.optimisation.maxTokens", "constraints.maxTokens is the run's token budget; give one of the two.");
            else
                constraints["maxTokens"] = maxTokens.DeepClone();
            optimisation.Remove("maxTokens");
        }
        if (optimisation.Count > 0)
        {
            var directives = planner["directives"] as JsonObject ?? new JsonObject();
            planner["directives"] = directives;
            directives["optimisation"] = optimisation;
        }
        return true;
    }

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

    private static bool GoalCondition(JsonObject? goal, string field, ValidationErrors errors)
    {
        if (goal is null)
            return false;
        var changed = false;
        // Their paths may index arrays the JavaScript way (/variants[0]/score).
        if (Text(goal["path"]) is { } path && ConditionDsl.PointerOf(path) is var pointer && pointer != path)
        {
            goal["path"] = pointer;
            changed = true;
        }
        if (goal["condition"] is JsonObject condition)
            changed |= ConditionForms(condition, Text(goal["path"]), $"{field}.condition", errors);
        return changed;
    }

    // A condition of theirs names the selected value by its last path segment (`status == "ready"` at /status), uses
    // double-quoted strings, and may carry its compiled JSON Logic beside the DSL or alone.
    private static bool ConditionForms(JsonObject condition, string? path, string field, ValidationErrors errors)
    {
        var changed = false;
        var jsonLogic = condition["jsonLogic"];
        if (condition.ContainsKey("jsonLogic"))
        {
            condition.Remove("jsonLogic");
            changed = true;
        }
        foreach (var derived in new[] { "canonicalDsl", "warnings", "variables" })
            changed |= condition.Remove(derived);
        if (Text(condition["dsl"]) is { } dsl)
        {
            var rewritten = ConditionDsl.FromTheirs(dsl, path);
            if (rewritten != dsl)
            {
                condition["dsl"] = rewritten;
                changed = true;
            }
        }
        else if (jsonLogic is not null)
        {
            if (ConditionDsl.FromJsonLogic(jsonLogic, path) is { } translated)
                condition["dsl"] = translated;
            else
                errors.Add($"{field}.jsonLogic", "Only JSON Logic of var, comparisons, and, or and ! over the selected value can be evaluated; give a dsl.");
        }
        if (path is not null && condition["path"] is JsonValue && Text(condition["path"]) is { } own && ConditionDsl.PointerOf(own) != own)
        {
            condition["path"] = ConditionDsl.PointerOf(own);
            changed = true;
        }
        return changed;
    }

    /// Their run.resume body: `operator {id?, displayName?, email?}` (flex: a string), `payload.note`, `payload.submittedAt`;
    /// `correlationId` is read by the route (echoed as x-correlation-id).
    public static bool NormalizeResume(JsonObject body, ValidationErrors errors)
    {
        var changed = false;
        if (body["operator"] is JsonObject person)
        {
            var name = Text(person["displayName"]);
            var email = Text(person["email"]);
            var id = Text(person["id"]);
            var text = string.Join(' ', new[] { name, email is null ? null : name is null ? email : $"<{email}>", id is null ? null : $"(id {id})" }
                .OfType<string>());
            if (text.Length > 0)
                body["operator"] = text;
            else
                body.Remove("operator");
            changed = true;
        }
        if (body.Remove("correlationId"))
            changed = true;
        if (body["payload"] is JsonObject payload && payload["note"] is { } note)
        {
            payload.Remove("note");
            if (body.ContainsKey("note"))
                errors.Add("payload.note", "Give note or payload.note, not both.");
            else
                body["note"] = note;
            changed = true;
        }
        return changed;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
