using System.Text.RegularExpressions;

namespace FlexAspire.Api.Agents.Model;

/// Writes a JSON document that satisfies a JSON Schema, filling it from the inputs: a property reuses the value the
/// inputs hold under the same name (a director's `post.copy` is the copywriter's `post_copy`), and otherwise gets
/// wording built from the company, topic and audience. Deterministic: the same schema and inputs give the same JSON.
internal sealed class OfflineJsonGenerator(JsonObject rootSchema, OfflineInputContext context)
{
    private const int MaxDepth = 32;
    private const int DefaultItemCount = 3;

    // A caller's schema decides the output's size (minItems, minLength, nested arrays multiply): the offline model
    // writes at most this much, so a hostile schema costs a failed validation, not the process's memory. Outputs
    // that need more cannot be produced offline (and are refused at intake beyond Flex:Limits:MaxOutputBytes).
    internal const int MaxValues = 20_000;
    internal const int MaxChars = 512 * 1024;
    private int _valuesLeft = MaxValues;
    private int _charsLeft = MaxChars;
    private bool _variantsUsed;

    public JsonNode? Generate() => Generate(rootSchema, "value", context.Inputs, 0, 0, searchInputs: true);

    // searchInputs: whether a property may borrow a same-named value from anywhere in the inputs. Off inside arrays,
    // or every item would borrow the same value (each pillar named after the company).
    private JsonNode? Generate(JsonObject schema, string property, JsonNode? scope, int index, int depth, bool searchInputs)
    {
        schema = Resolve(schema);
        if (depth > MaxDepth || --_valuesLeft < 0)
            return null;
        if (schema.TryGetPropertyValue("const", out var constant))
            return constant?.DeepClone();
        if (schema["enum"] is JsonArray options)
            return ChooseEnum(options);
        if ((schema["anyOf"] ?? schema["oneOf"]) is JsonArray branches)
            return Generate(PickBranch(branches), property, scope, index, depth + 1, searchInputs);
        if (schema["allOf"] is JsonArray { Count: > 0 } all && all[0] is JsonObject first)
            return Generate(first, property, scope, index, depth + 1, searchInputs);

        return TypeOf(schema) switch
        {
            "object" => Object(schema, scope, index, depth, searchInputs),
            "array" => Array(schema, property, scope, depth),
            "string" => String(schema, property, scope, index),
            "integer" => JsonValue.Create((long)Number(schema)),
            "number" => JsonValue.Create(Number(schema)),
            "boolean" => JsonValue.Create(true),
            "null" => null,
            _ => JsonValue.Create(OfflineTexts.For(property, index, context)),
        };
    }

    // `index`: the object's position in its array, passed to its properties so that items written without a source
    // of their own still differ from one another.
    private JsonObject Object(JsonObject schema, JsonNode? scope, int index, int depth, bool searchInputs)
    {
        var result = new JsonObject();
        foreach (var (name, child) in schema["properties"] as JsonObject ?? [])
        {
            if (child is not JsonObject childSchema)
                continue;
            if (depth == 0 && RunLogFacet(name, schema) is { } log)
            {
                result[name] = log;
                continue;
            }
            // Inside an array item, a property borrows only from the item's own source (a variant's headline from
            // that variant's post_copy), never from the rest of the inputs.
            var childScope = (scope as JsonObject)?[name]
                             ?? (searchInputs ? context.FacetFor(name) ?? context.FindByProperty(name)
                                 // The text of an item (a variant's body) is that item's post_copy, which holds the whole post.
                                 : OfflineInputContext.FindIn(scope, name) ?? (name is "body" or "text" ? OfflineInputContext.FindIn(scope, "post_copy") : null));
            result[name] = Generate(childSchema, name, childScope, index, depth + 1, searchInputs);
        }
        // Required names without a declared schema still need a value.
        foreach (var name in (schema["required"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>())
            if (!result.ContainsKey(name))
                result[name] = OfflineTexts.For(name, index, context);
        return result;
    }

    // Facets that log the run rather than describe content: the handoff summary gets this capability's entry appended
    // to the ones it was handed, and feedback is empty (the offline reviewer approves as it is).
    private JsonArray? RunLogFacet(string name, JsonObject outputSchema) => name switch
    {
        "handoff_summary" => [.. (context.Inputs["handoff_summary"] as JsonArray ?? []).Select(e => e?.DeepClone()),
            $"{string.Join(", ", (outputSchema["properties"] as JsonObject ?? []).Select(p => p.Key).Where(k => k != name))} ready: {context.Topic} for {OfflineInputContext.Lower(context.Audience)}{(context.KnownCompany is { } company ? $" ({company})" : "")}."],
        "feedback" => [],
        _ => null,
    };

    private JsonArray Array(JsonObject schema, string property, JsonNode? scope, int depth)
    {
        var items = Resolve(schema["items"] as JsonObject ?? new JsonObject { ["type"] = "string" });
        // A list of links (a post's visuals) reuses the assets the caller gave, else holds one link.
        var links = items["format"]?.GetValue<string>() is "uri" or "url";
        var source = scope as JsonArray ?? (links && context.Assets.Count > 0 ? [.. context.Assets.Select(a => JsonValue.Create(a))] : null);
        if (source is null && !_variantsUsed && TypeOf(items) == "object" && context.Variants is { Count: > 0 } variants)
        {
            // A structuring node converging variant branches: the first list of objects the caller asks for (however
            // it is named) gets one item per variant, each written from its own variant.
            source = variants;
        }
        _variantsUsed |= source is not null && ReferenceEquals(source, context.Variants);
        var min = Int(schema, "minItems") ?? 0;
        var max = Int(schema, "maxItems") ?? int.MaxValue;
        var count = Math.Min(Math.Min(Math.Max(source?.Count ?? (links ? 1 : DefaultItemCount), Math.Max(min, 1)), max), Math.Max(_valuesLeft, 0));
        var result = new JsonArray();
        for (var i = 0; i < count; i++)
            result.Add(Generate(items, property, source is not null && i < source.Count ? source[i] : null, i, depth + 1, searchInputs: false));
        return result;
    }

    private JsonValue String(JsonObject schema, string property, JsonNode? scope, int index)
    {
        var text = scope is JsonValue value && value.TryGetValue<string>(out var reused) && reused.Length > 0 && !schema.ContainsKey("pattern")
            ? reused
            : Format(schema["format"]?.GetValue<string>()) ?? OfflineTexts.For(property, index, context);
        var min = Math.Min(Int(schema, "minLength") ?? 0, Math.Max(_charsLeft, 0));
        var max = Int(schema, "maxLength") ?? int.MaxValue;
        if (text.Length < min)
            text = text.PadRight(min, '.');
        if (text.Length > max)
            text = text[..max];
        _charsLeft -= text.Length;
        return JsonValue.Create(text);
    }

    private string? Format(string? format) => format switch
    {
        "date-time" => "2026-01-15T09:00:00Z",
        "date" => "2026-01-15",
        "time" => "09:00:00Z",
        "email" => $"hello@{Slug(context.Company)}.example",
        "uri" or "url" or "iri" => $"https://{Slug(context.Company)}.example/",
        "hostname" => $"{Slug(context.Company)}.example",
        "uuid" => "00000000-0000-4000-8000-000000000001",
        _ => null,
    };

    private JsonNode? ChooseEnum(JsonArray options)
    {
        // An input that equals an option wins (post_context.platform); else an option the input texts mention as a
        // word (a brief written "for instagram"); else the first option.
        var strings = context.Strings.ToList();
        var known = strings.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var match = options.FirstOrDefault(o => o is JsonValue v && v.TryGetValue<string>(out var s) && known.Contains(s))
            ?? options.FirstOrDefault(o => o is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 1
                && strings.Any(text => Regex.IsMatch(text, $@"\b{Regex.Escape(s)}\b", RegexOptions.IgnoreCase)));
        return (match ?? options.FirstOrDefault())?.DeepClone();
    }

    private static JsonObject PickBranch(JsonArray branches) =>
        branches.OfType<JsonObject>().FirstOrDefault(b => TypeOf(b) != "null") ?? branches.OfType<JsonObject>().First();

    private static double Number(JsonObject schema)
    {
        var value = schema["minimum"]?.GetValue<double>() ?? (schema["exclusiveMinimum"]?.GetValue<double>() + 1) ?? 1;
        var max = schema["maximum"]?.GetValue<double>() ?? (schema["exclusiveMaximum"]?.GetValue<double>() - 1);
        return max is { } m && value > m ? m : value;
    }

    private static string? TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray types => types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
        _ => schema.ContainsKey("properties") ? "object" : schema.ContainsKey("items") ? "array" : null,
    };

    // Local references only (`#/$defs/x`, `#/definitions/x`): the schemas flex sends are self-contained.
    private JsonObject Resolve(JsonObject schema)
    {
        for (var hops = 0; hops < 8 && schema["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal); hops++)
        {
            JsonNode? target = rootSchema;
            foreach (var token in reference[2..].Split('/'))
                target = target?[token.Replace("~1", "/").Replace("~0", "~")];
            if (target is not JsonObject resolved)
                break;
            schema = resolved;
        }
        return schema;
    }

    private static int? Int(JsonObject schema, string keyword) =>
        schema[keyword] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (int)Math.Clamp(v.GetValue<double>(), 0, int.MaxValue) : null;

    private static string Slug(string text) =>
        new string(text.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()) is { Length: > 0 } s ? s : "example";
}
