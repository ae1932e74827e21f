namespace FlexAspire.Registry.Capabilities;

/// Registrations written for the existing awesomeposter system (docs/compatibility.md): its schema defaults
/// `agentType` to `ai` and has no `kind` (flex: `execution`), and its `assignmentDefaults` carries a priority word and
/// notification settings. Rewritten here before the typed read; null when nothing needs rewriting or the body is not
/// a JSON object (the typed read reports that).
public static class RegistrationCompatibility
{
    private static readonly Dictionary<string, int> Priorities = new() { ["low"] = 0, ["normal"] = 1, ["high"] = 2, ["urgent"] = 3 };

    // Notification settings: flex does not notify people, so they are kept with the record (metadata), not acted on.
    private static readonly string[] KeptAssignmentFields = ["notifyChannels", "maxNotifications", "instructions"];

    public static byte[]? Rewrite(ReadOnlySpan<byte> body)
    {
        JsonObject registration;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject parsed)
                return null;
            registration = parsed;
            var changed = false;
            if (!registration.ContainsKey("agentType"))
            {
                registration["agentType"] = "ai";
                changed = true;
            }
            if (!registration.ContainsKey("kind"))
            {
                registration["kind"] = "execution";
                changed = true;
            }
            if (registration["assignmentDefaults"] is JsonObject assignment)
                changed |= Assignment(assignment, registration);
            return changed ? JsonSerializer.SerializeToUtf8Bytes(registration, FlexJsonContext.Default.JsonObject) : null;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool Assignment(JsonObject assignment, JsonObject registration)
    {
        var changed = false;
        if (assignment["priority"] is JsonValue word && word.GetValueKind() == JsonValueKind.String
            && Priorities.TryGetValue(word.GetValue<string>(), out var rank))
        {
            assignment["priority"] = rank;
            changed = true;
        }
        // Their onDecline is optional; a declined task then fails the run, visibly, rather than waiting forever.
        if (!assignment.ContainsKey("onDecline"))
        {
            assignment["onDecline"] = "fail_run";
            changed = true;
        }
        var kept = new JsonObject();
        foreach (var field in KeptAssignmentFields)
        {
            if (assignment[field] is { } value)
            {
                assignment.Remove(field);
                kept[field] = value;
            }
        }
        if (kept.Count > 0)
        {
            var metadata = registration["metadata"] as JsonObject ?? new JsonObject();
            registration["metadata"] = metadata;
            metadata["assignmentNotifications"] = kept;
            changed = true;
        }
        return changed;
    }
}
