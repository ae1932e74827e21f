using FlexAspire.Api.Agents.Model;
using Microsoft.Extensions.AI;
using OpenAIChat = OpenAI.Chat;

namespace FlexAspire.Api.Agents.Invocation;

/// One capability's conversation with the model, kept across re-asks so the model sees its previous answer.
internal sealed class ModelAnswerSource : ICapabilityAnswerSource
{
    private readonly IChatClient _chatClient;
    private readonly List<ChatMessage> _messages;
    private readonly ChatOptions _options;
    private readonly string _model;
    private string? _previousAnswer;

    public ModelAnswerSource(IChatClient chatClient, string model, CapabilityRegistration registration, CapabilityInvocationRequest request, bool offerHitlRequest = false)
    {
        _chatClient = chatClient;
        _model = model;
        _messages = CapabilityPromptBuilder.Build(registration, request);
        _options = CreateOptions(model, registration.CapabilityId, request.OutputSchema, out var mode);
        ResponseMode = mode;
        if (offerHitlRequest)
            _options.Tools = [HitlRequestTool.Declaration];
    }

    public string ResponseMode { get; }

    public async Task<CapabilityAnswer> AskAsync(int attempt, IReadOnlyList<ValidationIssue>? previousErrors, CancellationToken cancellationToken)
    {
        if (_previousAnswer is not null && previousErrors is { Count: > 0 })
            CapabilityPromptBuilder.AppendReAsk(_messages, _previousAnswer, previousErrors);

        var started = Stopwatch.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await _chatClient.GetResponseAsync(_messages, _options, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new CapabilityAnswer { Failure = TransientFaults.Describe(ex, $"The model ({_model})") };
        }
        _previousAnswer = response.Text;
        var usage = response.Usage is { } u
            ? new TokenUsage(u.InputTokenCount ?? 0, u.OutputTokenCount ?? 0, u.TotalTokenCount ?? (u.InputTokenCount ?? 0) + (u.OutputTokenCount ?? 0))
            : TokenUsage.Zero;
        var call = new CapabilityCallRecord(attempt, response.ModelId ?? _model, usage, Stopwatch.GetElapsedTime(started));
        if (response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault() is { } toolCall)
        {
            // Only hitl_request is offered (and only when allowed); any other call, or one not allowed now, is invalid.
            _previousAnswer = $"(called {toolCall.Name} with {JsonSerializer.Serialize(toolCall.Arguments)})";
            if (toolCall.Name == HitlRequestTool.Name && _options.Tools is { Count: > 0 })
            {
                var request = HitlRequestTool.Parse(toolCall, out var problem);
                return new CapabilityAnswer { HitlRequest = request, Problem = problem, Call = call };
            }
            return new CapabilityAnswer
            {
                Call = call,
                Problem = new ValidationIssue { InstancePath = "", Keyword = "tool_call", Message = $"The tool {toolCall.Name} is not available now; answer with the output." },
            };
        }
        return ResponseMode == "text"
            ? new CapabilityAnswer { Output = JsonValue.Create(response.Text.Trim()), HasOutput = true, Call = call }
            : new CapabilityAnswer { Text = response.Text, Call = call };
    }

    // Strict json_schema when the schema fits (StructuredOutputSchema), JSON mode otherwise; a string-typed
    // contract (freeform output) is plain text.
    private static ChatOptions CreateOptions(string model, string capabilityId, JsonObject outputSchema, out string mode)
    {
        var options = new ChatOptions { ModelId = model };
        if (outputSchema["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "string")
        {
            mode = "text";
            options.ResponseFormat = ChatResponseFormat.Text;
            return options;
        }
        var name = StructuredOutputSchema.Name(capabilityId);
        // ResponseFormat carries the full original schema (the offline model writes to it, maxLength included); the
        // OpenAI SDK gets its exact format through RawRepresentationFactory, which the adapter does not overwrite.
        options.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(outputSchema.ToJsonString()).RootElement, name);
        if (StructuredOutputSchema.ToStrict(outputSchema, out _) is { } strict)
        {
            mode = "json_schema";
            var schemaText = strict.ToJsonString();
            options.RawRepresentationFactory = _ => new OpenAIChat.ChatCompletionOptions
            {
                ResponseFormat = OpenAIChat.ChatResponseFormat.CreateJsonSchemaFormat(name, BinaryData.FromString(schemaText), jsonSchemaIsStrict: true),
            };
            return options;
        }
        mode = "json_object";
        // OpenAI gets plain JSON mode; the schema is in the prompt.
        options.RawRepresentationFactory = _ => new OpenAIChat.ChatCompletionOptions
        {
            ResponseFormat = OpenAIChat.ChatResponseFormat.CreateJsonObjectFormat(),
        };
        return options;
    }
}
