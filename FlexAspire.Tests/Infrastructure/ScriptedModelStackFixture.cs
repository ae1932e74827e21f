using FlexAspire.Api.Agents.Model;
using Microsoft.Extensions.AI;

namespace FlexAspire.Tests.Infrastructure;

/// The API with its model pointed at a FakeOpenAiServer that records every request and answers each one with
/// schema-valid JSON (written by the API's own offline model from the prompt's inputs and contract): `api-scripted`
/// beside the `api`, for tests that need to see what a capability was asked.
public sealed class ScriptedModelStackFixture() : FlexStackFixture(Variant)
{
    public const string Variant = "scripted";

    public FakeOpenAiServer Model => Stack.Model(Variant);

    public static void AddTo(IDistributedApplicationBuilder builder, TestStack stack) => TestStack.AddApi(builder, Variant)
        .WithEnvironment("OPENAI_BASE_URL", stack.Model(Variant).BaseUrl)
        .WithEnvironment("OPENAI_API_KEY", "test");

    /// The user messages of every chat request received so far, as sent.
    public IReadOnlyList<string> Prompts => Model.ChatRequests
        .Select(r => string.Join("\n", r["messages"]!.AsArray().Select(m => MessageText(m!)))).ToList();

    internal static FakeReply AnswerFromContract(RecordedRequest request)
    {
        var body = request.Json!.AsObject();
        var messages = body["messages"]!.AsArray()
            .Select(m => new ChatMessage(new ChatRole(m!["role"]!.GetValue<string>()), MessageText(m!))).ToList();
        var options = new ChatOptions();
        if (body["response_format"] is not null && ContractIn(messages) is { } schema)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schema).RootElement, "contract");
        }
        var answer = new OfflineChatClient().GetResponseAsync(messages, options).GetAwaiter().GetResult();
        return FakeOpenAiServer.Completion(answer.Text);
    }

    // The original contract as the prompt states it (the strict response_format may be a rewritten form of it).
    private static string? ContractIn(IEnumerable<ChatMessage> messages)
    {
        var text = messages.FirstOrDefault(m => m.Text.Contains(CapabilityPromptBuilder.ContractHeading, StringComparison.Ordinal))?.Text;
        if (text is null)
            return null;
        var start = text.IndexOf("```json", text.IndexOf(CapabilityPromptBuilder.ContractHeading, StringComparison.Ordinal), StringComparison.Ordinal) + "```json".Length;
        var end = text.IndexOf("```", start, StringComparison.Ordinal);
        return text[start..end];
    }

    private static string MessageText(JsonNode message) => message["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
        _ => "",
    };
}
