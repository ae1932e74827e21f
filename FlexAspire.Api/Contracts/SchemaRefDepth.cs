using System.Text.Json.Nodes;

namespace FlexAspire.Api.Contracts;

/// The longest chain of local `$ref` indirections in a schema: a `$ref` to a subschema that itself holds `$ref`s
/// adds one level per hop. A reference back into the current chain (recursion) ends that chain, since evaluation
/// then follows the instance, not the schema. Refs that are not JSON Pointer fragments (`#/...`) count as one hop.
public static class SchemaRefDepth
{
    public static int Measure(JsonObject schema, int stopAbove) =>
        new Walker(schema, stopAbove).DepthBelow(schema, new HashSet<JsonNode>(ReferenceEqualityComparer.Instance) { schema });

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

        private JsonNode? Resolve(string reference)
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
