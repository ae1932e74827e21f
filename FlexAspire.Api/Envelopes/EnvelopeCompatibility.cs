namespace FlexAspire.Api.Envelopes;

/// Envelopes written for the existing awesomeposter flex server (docs/compatibility.md): the forms its published
/// schemas allow are rewritten to ours before the typed read, so the rest of flex sees one vocabulary. What flex cannot
/// honour is an error naming the field, never dropped. This file: the entry points, output contracts and planner
/// policies; `.Policies`: runtime policies; `.Conditions`: goal and policy conditions; `.Resume`: run.resume bodies.
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

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
