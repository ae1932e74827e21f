using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Api.Contracts;
using FlexAspire.Contracts.Events;
using Json.Schema;

namespace FlexAspire.Api.Agents.Invocation;

/// Reads a capability's answer and checks it against the output schema, reporting every failure the way
/// `validation_error` frames carry them: JSON Pointer into the output, keyword, message.
public static class CapabilityOutputValidator
{
    /// Models sometimes wrap JSON in a Markdown fence even when told not to; that alone is not worth a re-ask.
    public static JsonNode? Parse(string text, out ValidationIssue? problem)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLineEnd = trimmed.IndexOf('\n');
            var fenceEnd = trimmed.LastIndexOf("```", StringComparison.Ordinal);
            if (firstLineEnd > 0 && fenceEnd > firstLineEnd)
                trimmed = trimmed[(firstLineEnd + 1)..fenceEnd].Trim();
        }
        try
        {
            problem = null;
            return JsonNode.Parse(trimmed);
        }
        catch (JsonException ex)
        {
            problem = new ValidationIssue { InstancePath = "", Keyword = "json", Message = $"The answer is not valid JSON: {ex.Message}" };
            return null;
        }
    }

    public static IReadOnlyList<ValidationIssue> Validate(JsonSchema schema, JsonNode? output)
    {
        var issues = SchemaValidator.Validate(schema, output).Distinct().ToList();
        return issues;
    }

    public static JsonSchema Compile(JsonObject schema) => SchemaCompiler.Compile(schema);
}
