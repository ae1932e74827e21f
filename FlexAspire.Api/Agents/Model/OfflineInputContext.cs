using System.Globalization;
using System.Text.RegularExpressions;

namespace FlexAspire.Api.Agents.Model;

/// What the offline model knows about a request: the objective and the input facet values, with the handful of
/// names (company, topic, platform, audience…) its texts are built from, so the output visibly uses the inputs.
public sealed partial class OfflineInputContext(JsonObject inputs, string objective, int variant = 1)
{
    public JsonObject Inputs { get; } = inputs;
    public string Objective { get; } = objective;
    /// Which variant a node of a variant branch writes (1 otherwise): its headline and body take that variant's angle.
    public int Variant { get; } = Math.Max(1, variant);
    /// The variants a structuring node converges (`variants: [{variant, nodes, facets}]` in its inputs), or null.
    public JsonArray? Variants => Inputs["variants"] as JsonArray;

    /// The company's name when the inputs or the objective give one; texts are worded without it otherwise.
    public string? KnownCompany => Text("company_information", "name") ?? Text("positioning_context", "company_name") ?? ObjectiveCompany;
    public string Company => KnownCompany ?? "our team";
    public string Topic => PostTopic ?? ObjectiveTopic;
    /// People named in the post context (the new employee, the customer) or in the objective, in order of appearance.
    public IReadOnlyList<string> People => _people ??= FindPeople();
    /// The brief's core message and supporting points when a strategist wrote one: downstream writers build on them.
    public IReadOnlyList<string> KeyMessages => new[] { Text("creative_brief", "core_message") }
        .Concat((Inputs["creative_brief"]?["supporting_points"] as JsonArray ?? [])
            .Select(m => m is JsonValue v && v.TryGetValue<string>(out var text) ? text : null))
        .OfType<string>().Where(m => m.Length > 0).ToList();
    // The company's preferred channels name the platform ("LinkedIn, email newsletters"); downstream, the brief's wording.
    public string Platform => Text(null, "platform")
        ?? Strings.Select(text => PlatformMention().Match(text)).FirstOrDefault(m => m.Success)?.Value.ToLowerInvariant() ?? "social media";
    public string PlatformName => Platform switch
    {
        "linkedin" => "LinkedIn", "x" => "X", "instagram" => "Instagram", "facebook" => "Facebook", var other => other,
    };
    public string Audience => Text("company_information", "audience_segments") ?? Text("creative_brief", "audience")
        ?? Text("positioning_context", "target_audience") ?? "your audience";
    public string Industry => Text("company_information", "industry") ?? Text("positioning_context", "sector") ?? "your industry";
    public string Offering => Text("positioning_context", "sector") is { } sector ? $"{Company}'s {Lower(sector)} offer" : Topic;
    public string Tone => Text("company_information", "tone_of_voice") ?? Text("creative_brief", "tone") ?? "confident, warm and clear";
    // The brief's supporting point that asks the reader to act ("Register for the webinar") is the call to action.
    public string CallToAction => KeyMessages.Skip(1).LastOrDefault(m => CallToActionVerb().IsMatch(m))
        ?? Sentences(Inputs["post_context"]?["data"]?["content_description"]).Skip(1).LastOrDefault(m => CallToActionVerb().IsMatch(m))
        ?? (PostType == "new_employee" && People.Count > 0 ? $"Say hello to {People[0]} in the comments" : $"Find out more about {Lower(Topic)}");
    public string? Angle => Text("creative_brief", "core_message");
    /// Competitors are URLs in the positioning context: the host's first label names them ("https://contoso.com" -> Contoso).
    public IReadOnlyList<string> Competitors => (Inputs["positioning_context"]?["competitors"] as JsonArray ?? [])
        .Select(c => c is JsonValue v && v.TryGetValue<string>(out var text) ? CompetitorName(text) : null).OfType<string>().ToList();
    public string Competitor => Competitors.FirstOrDefault() ?? "the usual alternatives";
    /// The factors buyers compare on: the positioning context's, else the canvas's, else three generic ones.
    public IReadOnlyList<string> Factors => StringList(Inputs["positioning_context"]?["competing_factors"])
        is { Count: > 0 } given ? given : StringList(Inputs["value_canvas"]?["factors"]) is { Count: > 0 } canvas ? canvas
        : ["ease of integration", "local expertise", "reliability"];
    /// Asset URLs the caller gave (the post's own, then the brand's): visuals reuse them before inventing any.
    public IReadOnlyList<string> Assets => StringList(Inputs["post_context"]?["data"]?["assets"])
        .Concat(StringList(Inputs["company_information"]?["brand_assets"])).Distinct().ToList();

    private string? PostType => Text("post_context", "type");

    private string? PostTopic
    {
        get
        {
            var data = Inputs["post_context"]?["data"];
            string? Field(string name) => data?[name] is JsonValue v && v.TryGetValue<string>(out var t) && t.Length > 0 ? t : null;
            if (PostType == "new_employee" && Field("employee_name") is { } employee)
                return $"welcoming {employee}{(Field("role") is { } role ? $", our new {role}" : "")}";
            // The description's first sentence is the topic; a later one may be the call to action.
            if (Field("content_description") is { } description && FirstSentence(description) is { Length: <= 80 } first)
                return first.TrimEnd('.', '!');
            return Field("customer_name") is { } customer ? $"the {customer} customer case" : null;
        }
    }

    /// Every string the inputs hold; enum values are matched against these (e.g. a post's platform).
    public IEnumerable<string> Strings => Walk(Inputs).OfType<JsonValue>()
        .Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>());

    /// The facet value that a property of the same meaning should reuse: `copy` -> post_copy, `messaging` -> messaging_stack.
    public JsonNode? FacetFor(string property) =>
        FacetNamed(property) ?? (property.Length > 1 && property.EndsWith('s') ? FacetNamed(property[..^1]) : null);

    private JsonNode? FacetNamed(string property) =>
        Inputs[property] ?? Inputs.FirstOrDefault(p => p.Key.EndsWith($"_{property}", StringComparison.Ordinal)
                                                       || p.Key.StartsWith($"{property}_", StringComparison.Ordinal)).Value;

    /// The first value held under this property name anywhere in the inputs (breadth first).
    public JsonNode? FindByProperty(string property) => FindIn(Inputs, property);

    /// The first value held under this property name anywhere in `root` (breadth first).
    public static JsonNode? FindIn(JsonNode? root, string property)
    {
        var queue = new Queue<JsonNode?>([root]);
        while (queue.TryDequeue(out var node))
        {
            if (node is JsonObject obj)
            {
                if (obj[property] is { } found)
                    return found;
                foreach (var (_, child) in obj)
                    queue.Enqueue(child);
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array)
                    queue.Enqueue(child);
            }
        }
        return null;
    }

    private string? Text(string? facet, string property)
    {
        var node = facet is null ? FindByProperty(property) : Inputs[facet]?[property];
        return node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
    }

    private IReadOnlyList<string>? _people;

    private static string FirstSentence(string text) => Sentences(JsonValue.Create(text)).FirstOrDefault() ?? text;

    private static IEnumerable<string> Sentences(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var text)
            ? text.Split(". ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.TrimEnd('.'))
            : [];

    private static List<string> StringList(JsonNode? node) => (node as JsonArray ?? [])
        .Select(n => n is JsonValue v && v.TryGetValue<string>(out var t) && t.Length > 0 ? t : null).OfType<string>().ToList();

    private static string CompetitorName(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return text;
        var label = uri.Host.StartsWith("www.", StringComparison.Ordinal) ? uri.Host[4..] : uri.Host;
        label = label.Split('.')[0];
        return label.Length == 0 ? text : char.ToUpperInvariant(label[0]) + label[1..];
    }

    private List<string> FindPeople()
    {
        var company = KnownCompany ?? "";
        var data = Inputs["post_context"]?["data"];
        var named = new[] { "employee_name", "customer_name" }
            .Select(f => data?[f] is JsonValue v && v.TryGetValue<string>(out var t) && t.Length > 0 ? t : null).OfType<string>();
        return named.Concat(new[] { Objective }.Concat(Strings)
            .SelectMany(text => PersonName().Matches(text).Select(m => m.Groups["name"].Value))
            .Where(name => !company.Contains(name, StringComparison.Ordinal)))
            .Distinct().Take(3).ToList();
    }

    [GeneratedRegex(@"^(?:Register|Sign up|Join|Book|Download|Learn|Discover|Visit|Try|Get|Contact|Read|Watch|Apply|Subscribe|Reserve|Save)\b")]
    private static partial Regex CallToActionVerb();

    [GeneratedRegex(@"\b(?:LinkedIn|Instagram|Facebook)\b")]
    private static partial Regex PlatformMention();

    // A role or a preposition, then two or three capitalised words: "CEO Maria Lopez", "with Dr. Tom Reyes".
    [GeneratedRegex(@"\b(?:CEO|CTO|CFO|COO|CMO|founder|co-founder|president|director|manager|lead|head of \w+|host|speaker|expert|engineer|customer|colleague|with|by|featuring|and)\s*,?\s+(?<name>(?:Dr\.\s+)?[A-Z][a-z]+(?:[ -][A-Z][a-z'’]+){1,2})\b")]
    private static partial Regex PersonName();

    // "Write a LinkedIn post announcing our spring webinar on …" → "our spring webinar on …".
    [GeneratedRegex(@"^\s*(?:please\s+)?(?:write|draft|create|compose|prepare|make|produce)\s+(?:(?:a|an|the|one|short|new|our)\s+)*(?:[\w-]+\s+){0,2}?(?:post|article|message|update|announcement|copy|tweet|email|caption|blog post)\s+(?:(?:that\s+)?(?:announcing|announces|about|on|introducing|promoting|sharing|celebrating|inviting people to|for)\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex WritingRequest();

    public static string Lower(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    // Downstream capabilities see only their own input facets (a copywriter gets the brief, not the company
    // information), so the objective stands in: "… about <topic> for <Company>" is how most objectives read.
    private string ObjectiveTopic
    {
        get
        {
            var about = After(Objective, " about ");
            var request = WritingRequest().Match(Objective);
            var topic = about is not null ? Before(about, " for ")
                : request.Success ? Before(Before(Objective[request.Length..], " for "), " with ")
                : string.Join(' ', Objective.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8));
            topic = topic.TrimEnd('.', ',', ';', ':', '!').Trim();
            return topic.Length > 0 ? topic : "this campaign";
        }
    }

    private string? ObjectiveCompany =>
        After(Objective, " for ")?.TrimEnd('.', '!', ' ') is { Length: > 0 } name && char.IsUpper(name[0]) ? Before(name, ",") : null;

    private static string? After(string text, string marker)
    {
        var at = text.LastIndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : text[(at + marker.Length)..];
    }

    private static string Before(string text, string marker)
    {
        var at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? text : text[..at];
    }

    private static IEnumerable<JsonNode?> Walk(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Walk(p.Value)),
        JsonArray array => array.SelectMany(Walk),
        _ => [node],
    };

    private static readonly HashSet<string> Filler = new(StringComparer.OrdinalIgnoreCase)
        { "a", "an", "the", "our", "your", "their", "on", "of", "for", "with", "by", "to", "in", "and", "at", "about" };

    public static string Hashtag(string text)
    {
        var words = text.Split([' ', '-', '_', '.', ',', '&', '/', '\'', '!', '?', ':', '%'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !Filler.Contains(w) && char.IsLetter(w[0]));
        var tag = string.Concat(words.Take(2).Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]));
        return "#" + (tag.Length > 0 ? tag : "Flex");
    }
}
