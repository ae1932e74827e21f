using System.Globalization;
using System.Text.Json.Nodes;

namespace FlexAspire.Api.Agents.Model;

/// What the offline model knows about a request: the objective and the input facet values, with the handful of
/// names (company, topic, platform, audience…) its texts are built from, so the output visibly uses the inputs.
public sealed class OfflineInputContext(JsonObject inputs, string objective)
{
    public JsonObject Inputs { get; } = inputs;
    public string Objective { get; } = objective;

    public string Company => Text("company_information", "name") ?? ObjectiveCompany ?? "your company";
    public string Topic => Text("post_context", "topic") ?? Text("positioning_context", "offering") ?? ObjectiveTopic;
    public string Platform => Text("post_context", "platform") ?? Text(null, "platform") ?? "social media";
    public string Audience => Text("company_information", "audience") ?? Text("creative_brief", "audience")
        ?? Text("positioning_context", "targetMarket") ?? Text(null, "targetSegment") ?? "your audience";
    public string Industry => Text("company_information", "industry") ?? "your industry";
    public string Offering => Text("positioning_context", "offering") ?? Topic;
    public string Tone => Text("company_information", "voice") ?? Text("creative_brief", "tone") ?? "confident, warm and clear";
    public string CallToAction => Text("post_context", "callToAction") ?? Text(null, "callToAction") ?? $"Find out more about {Topic}";
    public string? Angle => Text("creative_brief", "angle");
    public string Competitor => (Inputs["positioning_context"]?["competitors"] as JsonArray)?.FirstOrDefault()?.GetValue<string>()
        ?? "the usual alternatives";

    /// Every string the inputs hold; enum values are matched against these (e.g. a post's platform).
    public IEnumerable<string> Strings => Walk(Inputs).OfType<JsonValue>()
        .Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>());

    /// The facet value that a property of the same meaning should reuse: `copy` -> post_copy, `messaging` -> messaging_stack.
    public JsonNode? FacetFor(string property) =>
        Inputs[property] ?? Inputs.FirstOrDefault(p => p.Key.EndsWith($"_{property}", StringComparison.Ordinal)
                                                       || p.Key.StartsWith($"{property}_", StringComparison.Ordinal)).Value;

    /// The first value held under this property name anywhere in the inputs (breadth first).
    public JsonNode? FindByProperty(string property)
    {
        var queue = new Queue<JsonNode?>([Inputs]);
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

    // Downstream capabilities see only their own input facets (a copywriter gets the brief, not the company
    // information), so the objective stands in: "… about <topic> for <Company>" is how most objectives read.
    private string ObjectiveTopic
    {
        get
        {
            var about = After(Objective, " about ");
            var topic = about is null ? string.Join(' ', Objective.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8))
                : Before(about, " for ");
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

    public static string Hashtag(string text)
    {
        var words = text.Split([' ', '-', '_', '.', ',', '&', '/', '\'', '!', '?', ':'], StringSplitOptions.RemoveEmptyEntries);
        var tag = string.Concat(words.Take(4).Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]));
        return "#" + (tag.Length > 0 ? tag : "Flex");
    }
}
