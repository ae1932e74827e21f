namespace FlexAspire.Tests.Fakes;

/// A fake OpenAI-compatible server for tests: `POST /v1/chat/completions` answers with scripted replies (valid JSON,
/// malformed JSON, schema-invalid JSON, 429 with Retry-After, 500, a hang) and records every request body.
/// Point the SDK at `BaseUrl` (e.g. `Flex:Model:BaseUrl`).
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;

    private FakeOpenAiServer(LoopbackHttpServer server) => _server = server;

    public static async Task<FakeOpenAiServer> StartAsync() => new(await LoopbackHttpServer.StartAsync());

    /// The OpenAI base URL including `/v1`.
    public string BaseUrl => new Uri(_server.BaseAddress, "/v1").ToString();

    /// Every request received, in order (chat completion bodies as sent by the SDK).
    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public IReadOnlyList<JsonObject> ChatRequests =>
        _server.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))
            .Select(r => r.Json!.AsObject()).ToList();

    /// Answers every chat request the script does not cover (see ScriptedModelStackFixture).
    public Func<RecordedRequest, FakeReply>? Responder
    {
        get => _server.Responder;
        set => _server.Responder = value;
    }

    public FakeOpenAiServer Enqueue(params FakeReply[] replies)
    {
        _server.Enqueue(replies);
        return this;
    }

    /// A successful completion whose message content is `content` (any text: valid, malformed or schema-invalid JSON).
    public static FakeReply Completion(string content, int promptTokens = 120, int completionTokens = 40, string model = "fake-model") =>
        ChatCompletion("chatcmpl-fake", model, new JsonObject { ["role"] = "assistant", ["content"] = content }, "stop",
            promptTokens, completionTokens);

    /// A completion that calls the function `name` with `arguments` (a JSON text), finish_reason `tool_calls`.
    public static FakeReply ToolCall(string name, string arguments) => ChatCompletion("chatcmpl-fake-tool", "fake-model", new JsonObject
    {
        ["role"] = "assistant",
        ["content"] = null,
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["id"] = "call_fake_1",
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
        }),
    }, "tool_calls", promptTokens: 100, completionTokens: 20);

    public static FakeReply ServerError() => FakeReply.Status(500, """{"error":{"message":"fake server error","type":"server_error"}}""");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static FakeReply ChatCompletion(string id, string model, JsonObject message, string finishReason, int promptTokens,
        int completionTokens) => FakeReply.Json(new JsonObject
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = 1_767_225_600,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
        ["usage"] = new JsonObject
        {
            ["prompt_tokens"] = promptTokens,
            ["completion_tokens"] = completionTokens,
            ["total_tokens"] = promptTokens + completionTokens,
        },
    }.ToJsonString());
}
