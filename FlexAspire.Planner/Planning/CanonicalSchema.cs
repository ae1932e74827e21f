namespace FlexAspire.Planner.Planning;

/// Structural equality of JSON Schemas: "does this facet's schema already satisfy the caller's?" is answered by
/// comparing canonical forms, in which annotations (title, description, examples, …) are dropped, object keys are
/// sorted and order-free arrays (`required`, `enum`, `type`) are sorted. Property names are never touched.
public static class CanonicalSchema
{
    private static readonly HashSet<string> Annotations =
        ["$schema", "$id", "$comment", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly"];

    private static readonly HashSet<string> SchemaMaps = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    private static readonly HashSet<string> SchemaArrays = ["allOf", "anyOf", "oneOf", "prefixItems"];
    private static readonly HashSet<string> UnorderedArrays = ["required", "enum", "type"];

    private static readonly HashSet<string> SubSchemas =
        ["items", "additionalProperties", "not", "contains", "if", "then", "else", "propertyNames", "unevaluatedItems",
         "unevaluatedProperties", "additionalItems"];

    public static bool Equivalent(JsonNode? a, JsonNode? b) => Text(a) == Text(b);

    /// The canonical form as compact JSON text: equal texts mean equivalent schemas, so it can be computed once and kept.
    public static string Text(JsonNode? schema) => Canonical(schema)?.ToJsonString() ?? "null";

    public static JsonNode? Canonical(JsonNode? schema)
    {
        if (schema is not JsonObject obj)
        {
            return schema?.DeepClone(); // `true` / `false` schemas
        }
        var result = new JsonObject();
        foreach (var (key, value) in obj.Where(p => !Annotations.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[key] = key switch
            {
                _ when SchemaMaps.Contains(key) && value is JsonObject map => new JsonObject(map
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
                _ when SchemaArrays.Contains(key) && value is JsonArray list => new JsonArray(list.Select(Canonical).ToArray()),
                _ when UnorderedArrays.Contains(key) && value is JsonArray list => new JsonArray(list
                    .Select(v => v?.DeepClone()).OrderBy(v => v?.ToJsonString(), StringComparer.Ordinal)
                    .DistinctBy(v => v?.ToJsonString()).ToArray()),
                _ when SubSchemas.Contains(key) => Canonical(value),
                _ => Sorted(value),
            };
        }
        return result;
    }

    // Keyword values that are plain data (const, enum items, …): key order never matters in JSON objects.
    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
