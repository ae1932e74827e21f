namespace FlexAspire.Api.Agents.Invocation;

/// Reads a capability's text answer as JSON (the output is then checked with SchemaValidator), reporting a parse
/// failure the way `validation_error` frames carry them.
public static class AnswerJson
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
}
