using FlexAspire.Api.Agents.Invocation;
using Microsoft.Extensions.AI;

namespace FlexAspire.Api.Agents.Model;

/// The embedded offline model: no network, deterministic. It answers with JSON that satisfies the schema requested
/// in ChatOptions.ResponseFormat, written from the input facet values in the prompt, so the whole stack runs (and its
/// tests pass) without a model provider. A variant branch's node (its prompt says which variant it writes) takes
/// that variant's angle, so N variants of one output differ. Token usage is estimated at four characters a token.
public sealed class OfflineChatClient(TimeSpan latency = default) : IChatClient
{
    public const string ProviderName = "flex-offline";
    public const string ModelName = "flex-offline-1";

    private static readonly ChatClientMetadata Metadata = new(ProviderName, defaultModelId: ModelName);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken);
        }
        var conversation = messages.ToList();
        var (inputs, objective, variant) = CapabilityPromptBuilder.Parse(conversation);
        var context = new OfflineInputContext(inputs, objective, variant);

        var text = options?.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } schema } =>
                Serialize(new OfflineJsonGenerator(JsonNode.Parse(schema.GetRawText())!.AsObject(), context).Generate()),
            ChatResponseFormatJson => Serialize(new JsonObject { ["summary"] = OfflineTexts.For("summary", 0, context) }),
            _ => OfflineTexts.For("body", 0, context),
        };

        var inputTokens = Estimate(conversation.Sum(m => m.Text.Length));
        var outputTokens = Estimate(text.Length);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = ModelName,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens },
        };
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
            yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private static string Serialize(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static long Estimate(int characters) => Math.Max(1, (characters + 3) / 4);
}
