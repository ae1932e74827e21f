using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Api.Hosting;

namespace FlexAspire.Api.Contracts;

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
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = limits.MaxEnvelopeDepth + 1 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        if (root?["policies"]?["runtime"] is JsonArray runtime && runtime.Count > limits.MaxRuntimePolicies)
        {
            return new(nameof(FlexLimits.MaxRuntimePolicies), limits.MaxRuntimePolicies,
                $"policies.runtime has {runtime.Count} policies");
        }
        if (root?["outputContract"]?["schema"] is JsonObject schema)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(schema).Length;
            if (bytes > limits.MaxSchemaBytes)
                return new(nameof(FlexLimits.MaxSchemaBytes), limits.MaxSchemaBytes, $"outputContract.schema is {bytes} bytes");
            var depth = SchemaRefDepth.Measure(schema, limits.MaxSchemaRefDepth);
            if (depth > limits.MaxSchemaRefDepth)
            {
                return new(nameof(FlexLimits.MaxSchemaRefDepth), limits.MaxSchemaRefDepth,
                    $"outputContract.schema chains more than {limits.MaxSchemaRefDepth} $ref indirections");
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
