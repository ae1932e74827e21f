using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Schemas;
using Json.Schema;

namespace FlexAspire.Schemas;

/// Where a JSON Schema is invalid: the JSON Pointer of the offending keyword inside the schema, the keyword, and why.
internal sealed record SchemaProblem(string Pointer, string Keyword, string Message)
{
    /// The one wording every service uses in its 400s (the problem's field is the schema's own field name).
    public string Describe()
    {
        var where = Pointer.Length == 0 ? "the schema root" : $"'{Pointer}'";
        var keyword = Keyword.Length == 0 ? "" : $" (keyword '{Keyword}')";
        return $"Invalid JSON Schema at {where}{keyword}: {Message}";
    }
}

/// Compiles caller, facet and capability schemas the one way flex does it (CompiledSchemaCache: draft 2020-12,
/// compiled once per distinct schema) and, when a schema is invalid, finds where. Linked into the API and the
/// registry, so a schema the registry accepts is one the API can run.
internal static class SchemaCompiler
{
    /// Throws JsonSchemaException (or ArgumentException for a non-schema value) when the schema is invalid.
    public static JsonSchema Compile(JsonNode schema) => CompiledSchemaCache.GetOrCompile(schema);

    /// Compiles the schema and checks that every `$ref` resolves inside it: JsonSchema.Net resolves references only
    /// when evaluation reaches them and nothing is fetched from elsewhere, so a dangling one would fail a run later
    /// instead of the request now.
    public static bool TryCompile(JsonObject schema,
        [NotNullWhen(true)] out JsonSchema? compiled, [NotNullWhen(false)] out SchemaProblem? problem)
    {
        if (Fails(schema, out compiled, out var message))
        {
            problem = Locate(schema, "", message);
            return false;
        }
        if (SchemaRefDepth.FirstUnresolved(schema) is { } dangling)
        {
            compiled = null;
            problem = new SchemaProblem(dangling.Pointer, "$ref",
                $"'{dangling.Reference}' does not resolve to a subschema of this schema (remote references are not fetched).");
            return false;
        }
        problem = null;
        return true;
    }

    // JsonSchema.Net names the keyword but not where it sits, so find the deepest subschema that fails on its own,
    // then the single keyword within it that fails on its own.
    private static SchemaProblem Locate(JsonObject schema, string pointer, string message)
    {
        foreach (var (childPointer, child) in Subschemas(schema, pointer))
        {
            if (Fails(child, out _, out var childMessage))
                return Locate(child, childPointer, childMessage);
        }
        foreach (var (keyword, value) in schema)
        {
            if (Fails(new JsonObject { [keyword] = value?.DeepClone() }, out _, out var keywordMessage))
                return new SchemaProblem($"{pointer}/{Escape(keyword)}", keyword, keywordMessage);
        }
        // Only fails in combination with siblings: point at the subschema and trust the library's wording.
        var named = schema.Select(p => p.Key).FirstOrDefault(k => message.Contains($"'{k}'", StringComparison.Ordinal));
        return named is null
            ? new SchemaProblem(pointer, "", message)
            : new SchemaProblem($"{pointer}/{Escape(named)}", named, message);
    }

    private static readonly string[] SingleSchemaKeywords =
    [
        "items", "additionalProperties", "additionalItems", "contains", "propertyNames", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema",
    ];
    private static readonly string[] SchemaMapKeywords = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    private static readonly string[] SchemaArrayKeywords = ["prefixItems", "allOf", "anyOf", "oneOf", "items"];

    private static IEnumerable<(string Pointer, JsonObject Schema)> Subschemas(JsonObject schema, string pointer)
    {
        foreach (var keyword in SingleSchemaKeywords)
            if (schema[keyword] is JsonObject child)
                yield return ($"{pointer}/{Escape(keyword)}", child);
        foreach (var keyword in SchemaMapKeywords)
            if (schema[keyword] is JsonObject map)
                foreach (var (name, value) in map)
                    if (value is JsonObject child)
                        yield return ($"{pointer}/{Escape(keyword)}/{Escape(name)}", child);
        foreach (var keyword in SchemaArrayKeywords)
            if (schema[keyword] is JsonArray array)
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is JsonObject child)
                        yield return ($"{pointer}/{Escape(keyword)}/{i}", child);
    }

    private static bool Fails(JsonObject schema, [NotNullWhen(false)] out JsonSchema? compiled, out string message)
    {
        try
        {
            compiled = Compile(schema);
            message = "";
            return false;
        }
        catch (Exception ex) when (ex is JsonSchemaException or ArgumentException or JsonException)
        {
            compiled = null;
            message = ex.Message;
            return true;
        }
    }

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
