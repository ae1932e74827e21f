namespace FlexAspire.Api.Agents.Invocation;

/// Decides how an output schema is sent to the model. OpenAI's strict structured outputs accept a subset of JSON
/// Schema: an object root, every object closed (`additionalProperties: false`) with every property required, and a
/// limited keyword set. Rules (see docs/agents.md):
/// - The structure must already fit. Closing an object or making an optional property required would narrow what the
///   caller allowed, so such schemas are never rewritten: they go in JSON mode.
/// - Assertion keywords strict mode lacks (minLength, maxLength, uniqueItems, min/maxProperties, unsupported formats)
///   are removed from the copy that is sent and restated in its `description`: the model is asked for a superset of
///   the contract and still told the constraint, and the full original schema is enforced afterwards.
/// - Annotations the API rejects (`$schema`, `$id`, `examples`, `default`, `$comment`…) are dropped.
public static class StructuredOutputSchema
{
    private const int MaxNesting = 10;

    private static readonly HashSet<string> Structural =
        ["type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$ref", "$defs",
         "definitions", "title", "description", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
         "exclusiveMaximum", "multipleOf", "minItems", "maxItems"];

    private static readonly HashSet<string> RestatedAssertions =
        ["minLength", "maxLength", "uniqueItems", "minProperties", "maxProperties"];

    private static readonly HashSet<string> DroppedAnnotations =
        ["$schema", "$id", "$comment", "examples", "default", "readOnly", "writeOnly", "deprecated", "contentMediaType", "contentEncoding"];

    private static readonly HashSet<string> StrictFormats =
        ["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"];

    /// The schema to send as a strict `json_schema` response format, or null (and why) when only JSON mode fits.
    public static JsonObject? ToStrict(JsonObject schema, out string? reason)
    {
        if (schema["type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || schema["type"]!.GetValue<string>() != "object")
        {
            reason = "the root is not a plain object schema";
            return null;
        }
        var copy = schema.DeepClone().AsObject();
        reason = Rewrite(copy, "", 0);
        return reason is null ? copy : null;
    }

    /// A name the API accepts (`^[a-zA-Z0-9_-]{1,64}$`).
    public static string Name(string source)
    {
        var name = new string(source.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        return name.Length == 0 ? "output" : name.Length > 64 ? name[..64] : name;
    }

    private static string? Rewrite(JsonObject schema, string pointer, int depth)
    {
        if (depth > MaxNesting)
            return $"{pointer} nests deeper than {MaxNesting} levels";
        var restated = new List<string>();
        foreach (var (keyword, value) in schema.ToList())
        {
            if (DroppedAnnotations.Contains(keyword))
                schema.Remove(keyword);
            else if (RestatedAssertions.Contains(keyword) || (keyword == "format" && !StrictFormats.Contains(value?.ToString() ?? "")))
            {
                restated.Add($"{keyword}: {value?.ToJsonString()}");
                schema.Remove(keyword);
            }
            else if (!Structural.Contains(keyword))
                return $"{pointer}/{keyword} is not supported by strict structured outputs";
        }
        if (restated.Count > 0)
        {
            var constraint = $"Constraints: {string.Join(", ", restated)}.";
            schema["description"] = schema["description"] is { } d ? $"{d.GetValue<string>()} {constraint}" : constraint;
        }

        if (schema["properties"] is JsonObject properties)
        {
            if (schema["additionalProperties"]?.GetValueKind() != System.Text.Json.JsonValueKind.False)
                return $"{pointer} does not set additionalProperties: false";
            var required = (schema["required"] as JsonArray ?? []).Select(r => r?.GetValue<string>()).ToHashSet();
            if (properties.Select(p => p.Key).FirstOrDefault(p => !required.Contains(p)) is { } optional)
                return $"{pointer}/properties/{optional} is optional (strict mode requires every property)";
            foreach (var (name, child) in properties)
                if (child is JsonObject childSchema && Rewrite(childSchema, $"{pointer}/properties/{name}", depth + 1) is { } problem)
                    return problem;
        }
        else if (IsObject(schema))
            return $"{pointer} is an object without declared properties";

        if (schema["additionalProperties"] is JsonObject)
            return $"{pointer}/additionalProperties is a schema (strict mode requires false)";
        if (schema["items"] is JsonObject items && Rewrite(items, $"{pointer}/items", depth + 1) is { } itemProblem)
            return itemProblem;
        foreach (var group in new[] { "anyOf", "$defs", "definitions" })
        {
            IEnumerable<(string, JsonNode?)> children = schema[group] switch
            {
                JsonArray array => array.Select((c, i) => ($"{i}", c)),
                JsonObject map => map.Select(p => (p.Key, p.Value)),
                _ => [],
            };
            foreach (var (key, child) in children)
                if (child is JsonObject childSchema && Rewrite(childSchema, $"{pointer}/{group}/{key}", depth + 1) is { } problem)
                    return problem;
        }
        return null;
    }

    private static bool IsObject(JsonObject schema) =>
        schema["type"] is JsonValue v && v.TryGetValue<string>(out var t) && t == "object";
}
