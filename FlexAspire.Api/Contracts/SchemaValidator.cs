using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Contracts.Events;
using FlexAspire.Contracts.Serialization;
using Json.Schema;

namespace FlexAspire.Api.Contracts;

/// Validates a document against a compiled JSON Schema and reports every failure the way `validation_error` frames
/// carry them: instance path (JSON Pointer), keyword, message.
public static class SchemaValidator
{
    public static IReadOnlyList<ValidationIssue> Validate(JsonSchema schema, JsonNode? instance)
    {
        var element = JsonSerializer.SerializeToElement(instance, FlexJsonContext.Default.JsonNode);
        var results = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }
        return new[] { results }.Concat(results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => new ValidationIssue
            {
                InstancePath = d.InstanceLocation.ToString(),
                Keyword = e.Key,
                Message = e.Value,
            }))
            .ToList();
    }

    public static IReadOnlyList<ValidationIssue> Validate(JsonNode schema, JsonNode? instance) =>
        Validate(SchemaCompiler.Compile(schema), instance);
}
