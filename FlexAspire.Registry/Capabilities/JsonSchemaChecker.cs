using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Schemas;
using Json.Schema;

namespace FlexAspire.Registry.Capabilities;

/// Checks a caller-supplied draft 2020-12 schema once, at registration, so a broken contract is refused up front
/// instead of failing every run that uses the capability. Problems name the JSON Pointer inside the schema.
public static class JsonSchemaChecker
{
    // Keywords whose values are data, not subschemas: a "$ref" key inside them is not a reference.
    private static readonly HashSet<string> DataKeywords = ["const", "enum", "default", "examples", "example"];

    public static void Check(JsonObject schema, string field, ValidationErrors errors)
    {
        var element = JsonSerializer.SerializeToElement(schema);
        var meta = MetaSchemas.Draft202012.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (!meta.IsValid)
        {
            var pointer = DeepestFailure(meta) ?? "";
            errors.Add(field, $"invalid JSON Schema at '{pointer}': {BuildError(schema) ?? "does not match the draft 2020-12 meta-schema"}");
            return;
        }
        if (BuildError(schema) is { } buildError)
        {
            errors.Add(field, $"invalid JSON Schema: {buildError}");
            return;
        }
        CheckReferences(schema, schema, "", field, errors);
    }

    // Compiled the way every service compiles, and kept: new versions of a capability usually repeat their schemas.
    private static string? BuildError(JsonObject schema)
    {
        try
        {
            CompiledSchemaCache.GetOrCompile(schema);
            return null;
        }
        catch (JsonSchemaException ex)
        {
            return ex.Message;
        }
    }

    private static string? DeepestFailure(EvaluationResults node)
    {
        if (node.IsValid)
        {
            return null;
        }
        string? deepest = node.Errors is { Count: > 0 } ? node.InstanceLocation.ToString() : null;
        foreach (var child in node.Details ?? [])
        {
            if (DeepestFailure(child) is { } candidate && candidate.Length > (deepest?.Length ?? -1))
            {
                deepest = candidate;
            }
        }
        return deepest;
    }

    private static void CheckReferences(JsonNode root, JsonNode? node, string pointer, string field, ValidationErrors errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var childPointer = $"{pointer}/{key.Replace("~", "~0").Replace("/", "~1")}";
                    if (key == "$ref" && value is JsonValue reference && reference.TryGetValue(out string? target)
                        && !Resolves(root, target))
                    {
                        errors.Add(field, $"invalid JSON Schema at '{childPointer}': $ref '{target}' does not resolve " +
                                          "(only local references such as '#/$defs/name' or '#anchor' are supported)");
                    }
                    else if (!DataKeywords.Contains(key))
                    {
                        CheckReferences(root, value, childPointer, field, errors);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckReferences(root, array[i], $"{pointer}/{i}", field, errors);
                }
                break;
        }
    }

    private static bool Resolves(JsonNode root, string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return false;
        }
        var fragment = Uri.UnescapeDataString(reference[1..]);
        if (fragment.Length == 0)
        {
            return true;
        }
        if (!fragment.StartsWith('/'))
        {
            return HasAnchor(root, fragment);
        }
        JsonNode? current = root;
        foreach (var raw in fragment[1..].Split('/'))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(segment, out var next) => next,
                JsonArray array when int.TryParse(segment, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                return false;
            }
        }
        return true;
    }

    private static bool HasAnchor(JsonNode? node, string anchor) => node switch
    {
        JsonObject obj => (obj["$anchor"] is JsonValue v && v.TryGetValue(out string? name) && name == anchor)
                          || obj.Any(p => !DataKeywords.Contains(p.Key) && HasAnchor(p.Value, anchor)),
        JsonArray array => array.Any(item => HasAnchor(item, anchor)),
        _ => false,
    };
}
