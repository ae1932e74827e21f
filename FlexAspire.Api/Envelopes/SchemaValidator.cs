using System.Text.RegularExpressions;
using FlexAspire.Api.Hosting;
using Json.Schema;

namespace FlexAspire.Api.Envelopes;

/// Validates a document against a compiled JSON Schema and reports every failure the way `validation_error` frames
/// carry them: instance path (JSON Pointer), keyword, message.
public static class SchemaValidator
{
    /// A `pattern` that backtracks past the process's regex time limit (FlexRegexTimeout) ends the evaluation: the
    /// instance counts as invalid, with one issue that says so, and the cost of one document stays one time limit.
    public static IReadOnlyList<ValidationIssue> Validate(JsonSchema schema, JsonNode? instance)
    {
        var element = JsonSerializer.SerializeToElement(instance, FlexJsonContext.Default.JsonNode);
        EvaluationResults results;
        try
        {
            results = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }
        catch (RegexMatchTimeoutException ex)
        {
            return [new ValidationIssue { InstancePath = "", Keyword = "pattern",
                Message = $"The pattern '{Shorten(ex.Pattern)}' took longer than {ex.MatchTimeout.TotalMilliseconds:0} ms to evaluate (limit {FlexRegexTimeout.SettingName}); the value is refused." }];
        }
        if (results.IsValid)
        {
            return [];
        }
        var issues = new[] { results }.Concat(results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => new ValidationIssue
            {
                InstancePath = d.InstanceLocation.ToString(),
                Keyword = e.Key,
                Message = e.Value,
            }))
            .Distinct()
            .ToList();
        // A failed evaluation always has a reason; keep one even if the library reported none in detail.
        return issues.Count > 0 ? issues : [new ValidationIssue { InstancePath = "", Keyword = "schema", Message = "The value does not satisfy the schema." }];
    }

    private static string Shorten(string pattern) => pattern.Length > 80 ? pattern[..80] + "…" : pattern;

    public static IReadOnlyList<ValidationIssue> Validate(JsonNode schema, JsonNode? instance) =>
        Validate(SchemaCompiler.Compile(schema), instance);
}
