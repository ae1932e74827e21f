using System.Text.RegularExpressions;

namespace FlexAspire.Planner.Planning;

/// How well a facet matches what the caller asked for: the overlap between the words of the request (the caller's
/// schema property names, objective, instructions) and the facet's vocabulary (name, title, schema property names).
/// A deliberately simple lexical score: deterministic, explainable in a rationale, and good enough to tell
/// `post_copy` from `post_visual` for a schema with headline/body/callToAction.
public static partial class FacetRelevance
{
    private static readonly HashSet<string> StopWords =
    [
        "the", "and", "for", "with", "about", "our", "your", "their", "this", "that", "from", "into", "each", "write",
        "create", "make", "generate", "produce", "give", "please", "new", "one", "two", "three", "some", "any", "all",
        "type", "object", "string", "array", "item", "value",
    ];

    public static IReadOnlySet<string> FacetTokens(FacetDefinition facet)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        AddWords(tokens, facet.Name);
        AddWords(tokens, facet.Title);
        // The existing system's facets describe much of their content in words (post_copy is one string): the
        // description is part of the vocabulary.
        AddWords(tokens, facet.Description);
        AddPropertyNames(tokens, facet.Schema);
        return tokens;
    }

    public static void AddPropertyNames(HashSet<string> tokens, JsonNode? schema)
    {
        switch (schema)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key is "properties" or "patternProperties" && value is JsonObject props)
                    {
                        foreach (var (name, sub) in props)
                        {
                            AddWords(tokens, name);
                            AddPropertyNames(tokens, sub);
                        }
                    }
                    else if (value is JsonObject or JsonArray && key is not ("enum" or "const" or "examples" or "required"))
                    {
                        AddPropertyNames(tokens, value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    AddPropertyNames(tokens, item);
                }
                break;
        }
    }

    /// camelCase, snake_case and prose all split into lower-case words; a plural `s` is dropped so `variants`
    /// matches `variant`; short and stop words carry no meaning here.
    public static void AddWords(HashSet<string> tokens, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        foreach (Match match in Words().Matches(CamelBoundary().Replace(text, "$1 $2")))
        {
            var word = match.Value.ToLowerInvariant();
            if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
            {
                word = word[..^1];
            }
            if (word.Length >= 3 && !StopWords.Contains(word))
            {
                tokens.Add(word);
            }
        }
    }

    public static int Score(IReadOnlySet<string> query, IReadOnlySet<string> facetTokens) => query.Count(facetTokens.Contains);

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex CamelBoundary();

    [GeneratedRegex("[A-Za-z0-9]+")]
    private static partial Regex Words();
}
