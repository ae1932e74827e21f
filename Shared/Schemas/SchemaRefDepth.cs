using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexAspire.Schemas;

/// The longest chain of local `$ref` indirections in a schema: a `$ref` to a subschema that itself holds `$ref`s
/// adds one level per hop. A reference back into the current chain (recursion) ends that chain, since evaluation
/// then follows the instance, not the schema. Refs that are not JSON Pointer fragments (`#/...`) count as one hop.
internal static class SchemaRefDepth
{
    public static int Measure(JsonObject schema, int stopAbove) =>
        new Walker(schema, stopAbove).DepthBelow(schema, new HashSet<JsonNode>(ReferenceEqualityComparer.Instance) { schema });

    /// The first `$ref` that does not lead to a subschema of this document, as (pointer of the `$ref`, its value):
    /// JsonSchema.Net resolves references only when evaluation reaches them, and nothing is fetched from elsewhere, so
    /// a dangling one would fail the run later instead of the request now. Accepted: `#`, `#/json/pointer`, an
    /// `#anchor` declared by `$anchor`, and an `$id` declared in the document.
    public static (string Pointer, string Reference)? FirstUnresolved(JsonObject schema)
    {
        var walker = new Walker(schema, 0);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var refs = new List<(string, string)>();
        Collect(schema, "", declared, refs);
        foreach (var (pointer, reference) in refs)
        {
            var target = walker.Resolve(reference);
            var resolved = declared.Contains(reference)
                || target is JsonObject
                || target is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False;
            if (!resolved)
                return (pointer, reference);
        }
        return null;
    }

    // Their values are instances, not schemas: a `$ref` inside them is data.
    private static readonly HashSet<string> DataKeywords = ["const", "enum", "default", "examples", "example"];

    private static void Collect(JsonNode node, string pointer, HashSet<string> declared, List<(string, string)> refs)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        if (key == "$ref") refs.Add(($"{pointer}/$ref", text));
                        else if (key == "$anchor") declared.Add("#" + text);
                        else if (key == "$id") declared.Add(text);
                    }
                    else if (value is not null && !DataKeywords.Contains(key))
                        Collect(value, $"{pointer}/{key.Replace("~", "~0").Replace("/", "~1")}", declared, refs);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } item)
                        Collect(item, $"{pointer}/{i}", declared, refs);
                break;
        }
    }

    private sealed class Walker(JsonObject root, int stopAbove)
    {
        private readonly Dictionary<JsonNode, int> _known = new(ReferenceEqualityComparer.Instance);

        public int DepthBelow(JsonNode node, HashSet<JsonNode> chain)
        {
            var deepest = 0;
            foreach (var reference in References(node))
            {
                var hop = 1;
                if (Resolve(reference) is { } target && !chain.Contains(target))
                {
                    if (!_known.TryGetValue(target, out var below))
                    {
                        chain.Add(target);
                        below = chain.Count > stopAbove + 1 ? 0 : DepthBelow(target, chain);
                        chain.Remove(target);
                        _known[target] = below;
                    }
                    hop += below;
                }
                deepest = Math.Max(deepest, hop);
                if (deepest > stopAbove)
                    break;
            }
            return deepest;
        }

        private static IEnumerable<string> References(JsonNode node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var reference))
                            yield return reference;
                        else if (value is not null)
                            foreach (var inner in References(value))
                                yield return inner;
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array)
                        if (item is not null)
                            foreach (var inner in References(item))
                                yield return inner;
                    break;
            }
        }

        public JsonNode? Resolve(string reference)
        {
            if (reference == "#")
                return root;
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
                return null;
            JsonNode? current = root;
            foreach (var raw in reference[2..].Split('/'))
            {
                var segment = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
                current = current switch
                {
                    JsonObject obj => obj[segment],
                    JsonArray array when int.TryParse(segment, out var i) && i >= 0 && i < array.Count => array[i],
                    _ => null,
                };
                if (current is null)
                    return null;
            }
            return current;
        }
    }
}
