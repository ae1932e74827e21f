namespace FlexAspire.Api.Envelopes;

internal static partial class EnvelopeCompatibility
{
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
}
