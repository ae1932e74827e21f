namespace FlexAspire.Api.Agents.Model;

/// The offline model's wording, chosen by the name of the property being written. Item `n` of an array uses the
/// n-th template (cycling, numbered once the list runs out), so array items differ from one another.
internal static class OfflineTexts
{
    public static string For(string property, int index, OfflineInputContext c)
    {
        var templates = Templates(property.ToLowerInvariant(), c);
        if (templates.Length == 0)
            return index == 0 ? $"{Humanize(property)} for {c.Company}: {c.Topic}" : $"{Humanize(property)} {index + 1} for {c.Company}: {c.Topic}";
        var text = templates[index % templates.Length];
        return index < templates.Length ? text : $"{text} ({index + 1})";
    }

    private static string[] Templates(string property, OfflineInputContext c) => property switch
    {
        "headline" or "title" =>
            [$"{c.Company}: {c.Topic}", $"Why {c.Topic} matters to {c.Audience}", $"{c.Offering}, the {c.Company} way"],
        "body" or "message" or "text" =>
            [$"{(c.Angle is { } angle ? $"{angle}. " : "")}{Capitalize(c.Topic)} is on the agenda of {c.Audience}. At {c.Company} we turn it into results you can see: practical, proven and built for {c.Industry}. {c.CallToAction}.",
             $"{c.Company} helps {c.Audience} get more from {c.Offering}, without the usual trade-offs."],
        "hashtags" => [OfflineInputContext.Hashtag(c.Company), OfflineInputContext.Hashtag(c.Topic), OfflineInputContext.Hashtag(c.Platform == "social media" ? "Innovation" : c.Platform)],
        "calltoaction" => [c.CallToAction],
        "angle" => [$"Show {c.Audience} how {c.Company} makes {c.Topic} tangible on {c.Platform}"],
        "keymessages" =>
            [$"{c.Company} brings {c.Topic} to {c.Audience}", $"{c.Topic} pays off faster than {c.Audience} expect", $"{c.Company} knows {c.Industry} from the inside"],
        "tone" => [c.Tone],
        "audience" or "targetsegment" or "targetmarket" => [c.Audience],
        "summary" => [$"{c.Company} should lead with {c.Topic} on {c.Platform}: it answers a question {c.Audience} already ask, in {c.Company}'s own voice."],
        "insights" =>
            [$"{c.Audience} look for concrete examples of {c.Topic}", $"Posts from {c.Industry} companies that show results outperform announcements", $"{c.Platform} rewards a clear, single message"],
        "risks" => [$"Claims about {c.Topic} need proof from {c.Company}'s own work", $"A generic message would blend in with {c.Competitor}"],
        "description" =>
            [$"A bright, human scene: {c.Audience} using {c.Company}'s {c.Offering}, with the message \"{c.Topic}\" as a short overlay",
             $"{c.Company} owns {c.Topic} for {c.Audience}, where {c.Competitor} stay generic"],
        "alttext" => [$"{c.Audience} working with {c.Company} on {c.Topic}"],
        "style" => [$"Clean editorial photography in {c.Company}'s brand colours, {c.Tone}"],
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

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Humanize(string property)
    {
        var spaced = string.Concat(property.Select((ch, i) => i > 0 && char.IsUpper(ch) ? $" {char.ToLowerInvariant(ch)}" : ch.ToString()))
            .Replace('_', ' ');
        return spaced.Length == 0 ? "Value" : char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }
}
