namespace FlexAspire.Api.Agents.Invocation;

/// PostgreSQL's text and jsonb cannot hold U+0000, and every answer ends up in the run's rows and frames: a model or
/// remote agent that emits one would otherwise fail the run at its next write. It carries no meaning in text, so it
/// is dropped where answers enter the runtime.
internal static class NulCharacters
{
    public static string? Strip(string? text) => text is not null && text.Contains('\0') ? text.Replace("\0", "") : text;

    public static JsonNode? Strip(JsonNode? node) => node switch
    {
        JsonObject obj => StripObject(obj),
        JsonArray array => new JsonArray(array.Select(item => Strip(item?.DeepClone())).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is var text && text.Contains('\0') =>
            JsonValue.Create(text.Replace("\0", "")),
        _ => node,
    };

    public static CapabilityAnswer Strip(CapabilityAnswer answer) => answer with
    {
        Text = Strip(answer.Text),
        Output = answer.HasOutput ? Strip(answer.Output) : answer.Output,
        Failure = answer.Failure is { } failure ? failure with { Message = Strip(failure.Message)! } : null,
        HitlRequest = answer.HitlRequest is { } request ? request with { Question = Strip(request.Question)! } : null,
    };

    private static JsonObject StripObject(JsonObject obj)
    {
        var clean = new JsonObject();
        foreach (var (key, value) in obj)
            clean[Strip(key)!] = Strip(value?.DeepClone());
        return clean;
    }
}
