namespace FlexAspire.Api.Agents.Model;

/// The offline model's wording, chosen by the name of the property being written. Item `n` of an array uses the
/// n-th template (cycling, numbered once the list runs out), so array items differ from one another.
internal static class OfflineTexts
{
    public static string For(string property, int index, OfflineInputContext c)
    {
        if (c.Variant > 1 && index == 0 && VariantText(property.ToLowerInvariant(), c) is { } angled)
            return angled;
        var templates = Templates(property.ToLowerInvariant(), c);
        if (templates.Length == 0)
            return $"{Humanize(property)}{(index == 0 ? "" : $" {index + 1}")}: {c.Topic}{(c.KnownCompany is { } company ? $" ({company})" : "")}";
        var text = templates[index % templates.Length];
        return index < templates.Length ? text : $"{text} ({index + 1})";
    }

    private static string[] Templates(string property, OfflineInputContext c) => property switch
    {
        "headline" or "title" =>
            [Headline(c), $"Why {OfflineInputContext.Lower(c.Topic)} matters to {OfflineInputContext.Lower(c.Audience)}", $"{c.Offering}, the {c.Company} way"],
        "body" or "message" or "text" => [Body(c), $"{c.Company} helps {OfflineInputContext.Lower(c.Audience)} get more from {OfflineInputContext.Lower(c.Offering)}, without the usual trade-offs."],
        "hashtags" => Hashtags(c),
        "calltoaction" => [c.CallToAction],
        "angle" => [$"Talk to {OfflineInputContext.Lower(c.Audience)} as peers on {c.PlatformName}: how {(c.KnownCompany is { } k ? $"{k} approaches" : "we approach")} {OfflineInputContext.Lower(c.Topic)}, with concrete results instead of slogans"],
        "keymessages" =>
            [Headline(c),
             c.People.Count > 0 ? $"{Names(c.People)} {(c.People.Count > 1 ? "share" : "shares")} what worked and {(c.People.Count > 1 ? "answer" : "answers")} questions"
                 : $"Practical steps {OfflineInputContext.Lower(c.Audience)} can apply straight away, from a team that works in {OfflineInputContext.Lower(c.Industry)} every day",
             c.CallToAction],
        "tone" => [c.Tone],
        "audience" or "targetsegment" or "targetmarket" => [c.Audience],
        "summary" => [$"{c.Company} should lead with {OfflineInputContext.Lower(c.Topic)} on {c.PlatformName}: it answers a question {OfflineInputContext.Lower(c.Audience)} already ask{(c.People.Count > 0 ? $", and {Names(c.People)} can speak to it first-hand" : "")}."],
        "insights" =>
            [$"{c.Audience} look for concrete examples of {c.Topic}", $"Posts from {c.Industry} companies that show results outperform announcements", $"{c.Platform} rewards a clear, single message"],
        "risks" => [$"Claims about {c.Topic} need proof from {c.Company}'s own work", $"A generic message would blend in with {c.Competitor}"],
        "description" =>
            [$"A bright, human scene: {(c.People.Count > 0 ? $"{c.People[0]} with " : "")}{OfflineInputContext.Lower(c.Audience)} at work, with \"{Headline(c)}\" as a short overlay",
             $"{c.Company} owns {c.Topic} for {c.Audience}, where {c.Competitor} stay generic"],
        "alttext" => [$"{Capitalize(c.Audience)} discussing {OfflineInputContext.Lower(c.Topic)}{(c.KnownCompany is { } k2 ? $" with {k2}" : "")}"],
        "style" => [$"Clean editorial photography in {(c.KnownCompany is { } k3 ? $"{k3}'s" : "the brand's")} colours, {OfflineInputContext.Lower(c.Tone)}{(c.Platform == "social media" ? "" : $", framed for {c.PlatformName}")}"],
        "statement" or "valueproposition" =>
            [$"For {c.Audience}, {c.Company} is the {c.Industry} partner that turns {c.Offering} into measurable results, unlike {c.Competitor}."],
        "elevatorpitch" =>
            [$"{c.Company} gives {c.Audience} {c.Offering} that works from day one. Where {c.Competitor} sell features, we deliver outcomes: faster results, less effort and a team that knows {c.Industry}."],
        "rationale" => [$"{c.Audience} value outcomes over features, and {c.Company} can prove outcomes with {c.Offering} in a way {c.Competitor} cannot."],
        "proofpoints" or "differentiators" =>
            [$"{c.Company}'s track record in {c.Industry}", $"{c.Offering} built for {c.Audience}", "Measurable results within the first quarter"],
        "category" => [$"{c.Offering} for {c.Industry}"],
        "name" => ["Outcomes first", "Built for you", "Proven expertise"],
        "taglines" => [$"{c.Company}. {c.Topic}, done right.", $"{c.Offering} that works for {c.Audience}."],
        "customerjobs" => [$"Deliver results with {c.Offering}", $"Keep up with change in {c.Industry}"],
        "pains" => [$"Tools that promise {c.Topic} but add work", $"Little time to evaluate {c.Competitor} and others"],
        "gains" => [$"Visible results from {c.Topic}", "Confidence in the choice"],
        "painrelievers" => [$"{c.Company} sets up {c.Offering} for {c.Audience}", "Clear onboarding and support"],
        "gaincreators" => [$"Results {c.Audience} can show within weeks", $"Expertise in {c.Industry}"],
        "comments" => [$"Copy and visual tell the same story about {c.Topic}"],
        "question" => [$"Which result of {c.Topic} matters most to {c.Audience}?"],
        "reason" => [$"The brief for {c.Company} does not say"],
        "answer" => [$"Focus on {c.Topic} for {c.Audience}"],
        "id" or "questionid" => ["q1", "q2", "q3"],
        _ => [],
    };

    // Variant k >= 2 of a branch has its own angle: another headline and another opening for the body (variant 1
    // writes the plain texts), so the variants of one output are never the same.
    private static string? VariantText(string property, OfflineInputContext c)
    {
        var topic = OfflineInputContext.Lower(c.Topic);
        return property switch
        {
            "headline" or "title" => c.Variant switch
            {
                2 => $"Why {topic} matters to {OfflineInputContext.Lower(c.Audience)}",
                3 => $"{Capitalize(c.Topic)}: what changes in practice",
                4 => $"Three questions about {topic}, answered",
                5 => $"{Capitalize(c.Topic)}, step by step",
                _ => $"What we learned about {topic}",
            },
            "body" or "message" or "text" => (c.Variant switch
            {
                2 => $"{Capitalize(c.Audience)} keep asking us about {topic}.",
                3 => "Here is what changes in practice.",
                4 => "Three questions come up every time, so here are the answers.",
                5 => "It comes down to a few steps.",
                _ => "Here is what we learned.",
            }) + " " + Body(c),
            _ => null,
        };
    }

    // The first key message of a brief reads as the headline; without a brief: the topic, with the company's name.
    private static string Headline(OfflineInputContext c) => c.KeyMessages.Count > 0 ? c.KeyMessages[0]
        : $"{Capitalize(c.Topic)}{(c.KnownCompany is { } company ? $", with {company}" : "")}";

    // A copywriter with a brief writes from it (angle, then the messages); without one, from the company's facts.
    private static string Body(OfflineInputContext c)
    {
        if (c.KeyMessages.Count > 0)
            return string.Join(" ", new[] { c.KeyMessages[0], $"Made for {OfflineInputContext.Lower(c.Audience)}, with practical steps you can use straight away" }
                .Concat(c.KeyMessages.Skip(1).Where(m => m != c.CallToAction)).Append(c.CallToAction).Select(Sentence));
        var who = c.KnownCompany is { } company ? $"At {company} we" : "We";
        var people = c.People.Count > 0 ? $" {Names(c.People)} will walk you through it." : "";
        return $"{Capitalize(c.Topic)} is on the agenda of {OfflineInputContext.Lower(c.Audience)}. {who} turn it into results you can see: practical, proven and built for {OfflineInputContext.Lower(c.Industry)}.{people} {Sentence(c.CallToAction)}";
    }

    // The company (when known), then the topic's and the industry's first two meaningful words: #GreenBoxPackaging #SpringWebinar.
    private static string[] Hashtags(OfflineInputContext c) =>
        new[] { c.KnownCompany, c.Topic, c.Industry == "your industry" ? null : c.Industry, c.Audience == "your audience" ? null : c.Audience, "Innovation", "Community" }
            .OfType<string>().Select(OfflineInputContext.Hashtag).Distinct(StringComparer.OrdinalIgnoreCase).Take(3).ToArray();

    private static string Names(IReadOnlyList<string> people) =>
        people.Count == 1 ? people[0] : $"{string.Join(", ", people.Take(people.Count - 1))} and {people[^1]}";

    private static string Sentence(string text) => Capitalize(text.Trim()) is var t && t.Length > 0 && ".!?".Contains(t[^1]) ? t : $"{Capitalize(text.Trim())}.";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Humanize(string property)
    {
        var spaced = string.Concat(property.Select((ch, i) => i > 0 && char.IsUpper(ch) ? $" {char.ToLowerInvariant(ch)}" : ch.ToString()))
            .Replace('_', ' ');
        return spaced.Length == 0 ? "Value" : char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }
}
