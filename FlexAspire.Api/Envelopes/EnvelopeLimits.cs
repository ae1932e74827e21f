using FlexAspire.Api.Hosting;

namespace FlexAspire.Api.Envelopes;

/// A bound an envelope broke: the Flex:Limits setting, its value and what was found.
public sealed record LimitBreach(string Limit, long Value, string Detail)
{
    public IResult ToProblem() => FlexLimitProblems.Breach(StatusCodes.Status422UnprocessableEntity, Limit, Value, Detail);
}

/// Size bounds of a TaskEnvelope, checked on the raw body before it is deserialized (the deserializer's own depth
/// limit would answer a generic 400, and a huge schema would make schema compilation expensive). Malformed JSON
/// passes: ContractReader names that problem.
public static class EnvelopeLimits
{
    // Bounds the reader's own bookkeeping; anything deeper is refused long before.
    private const int ReaderMaxDepth = 4096;

    public static LimitBreach? Check(ReadOnlySpan<byte> body, FlexLimits limits)
    {
        if (Scan(body, limits) is { } shape)
            return shape;
        // A JsonObject holding a key twice throws on first use; ContractReader names that problem (and NULs).
        if (JsonHygiene.Check(body) is not null)
            return null;
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = limits.MaxEnvelopeDepth + 1 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        // Only the shapes a limit is about are looked at; a wrong type anywhere is the deserializer's 400.
        if (root?["policies"] is JsonObject { } policies && policies["runtime"] is JsonArray runtime && runtime.Count > limits.MaxRuntimePolicies)
        {
            return new(nameof(FlexLimits.MaxRuntimePolicies), limits.MaxRuntimePolicies,
                $"policies.runtime has {runtime.Count} policies");
        }
        if (root?["outputContract"] is JsonObject contract && contract["schema"] is JsonObject schema)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(schema).Length;
            if (bytes > limits.MaxSchemaBytes)
                return new(nameof(FlexLimits.MaxSchemaBytes), limits.MaxSchemaBytes, $"outputContract.schema is {bytes} bytes");
            if (SchemaShape(schema, limits) is { } schemaShape)
                return schemaShape;
            var depth = SchemaRefDepth.Measure(schema, limits.MaxSchemaRefDepth);
            if (depth > limits.MaxSchemaRefDepth)
            {
                return new(nameof(FlexLimits.MaxSchemaRefDepth), limits.MaxSchemaRefDepth,
                    $"outputContract.schema chains more than {limits.MaxSchemaRefDepth} $ref indirections");
            }
        }
        return null;
    }

    private static readonly string[] SizeKeywords = ["minLength", "minItems", "minProperties", "minContains"];

    /// Keywords in the schema (compilation and evaluation cost grow with them), and size minimums no bounded output
    /// could meet (the offline model would try to write them).
    private static LimitBreach? SchemaShape(JsonObject schema, FlexLimits limits)
    {
        var keywords = 0;
        var pending = new Stack<JsonNode>([schema]);
        while (pending.TryPop(out var node))
        {
            if (node is JsonArray array)
            {
                foreach (var item in array)
                    if (item is JsonObject or JsonArray) pending.Push(item);
                continue;
            }
            foreach (var (key, value) in (JsonObject)node)
            {
                if (++keywords > limits.MaxSchemaKeywords)
                    return new(nameof(FlexLimits.MaxSchemaKeywords), limits.MaxSchemaKeywords, $"outputContract.schema has more than {limits.MaxSchemaKeywords} keywords");
                if (SizeKeywords.Contains(key) && value is JsonValue number && number.GetValueKind() == JsonValueKind.Number
                    && number.GetValue<double>() > limits.MaxSchemaSizeBound)
                {
                    return new(nameof(FlexLimits.MaxSchemaSizeBound), limits.MaxSchemaSizeBound,
                        $"outputContract.schema asks for {key} {number.ToJsonString()}; no output can be that large");
                }
                if (value is JsonObject or JsonArray)
                    pending.Push(value);
            }
        }
        return null;
    }

    private static LimitBreach? Scan(ReadOnlySpan<byte> body, FlexLimits limits)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = ReaderMaxDepth });
        var values = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.Comment:
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth + 1 > limits.MaxEnvelopeDepth:
                        return new(nameof(FlexLimits.MaxEnvelopeDepth), limits.MaxEnvelopeDepth,
                            $"The envelope nests objects and arrays more than {limits.MaxEnvelopeDepth} levels deep");
                }
                if (++values > limits.MaxEnvelopeValues)
                {
                    return new(nameof(FlexLimits.MaxEnvelopeValues), limits.MaxEnvelopeValues,
                        $"The envelope holds more than {limits.MaxEnvelopeValues} JSON values");
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: not a limit problem.
        }
        return null;
    }
}
