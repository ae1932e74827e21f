using System.Collections.Concurrent;
using System.Net.Sockets;

namespace FlexAspire.Tests.Planner;

/// A tiny OpenAI-compatible `/v1/chat/completions` endpoint on loopback for the LLM planner tests: answers each
/// request with the next scripted assistant message and records the request bodies. Private to the planner tests.
public sealed class FakeChatCompletionsServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _replies;
    private readonly Task _loop;

    public FakeChatCompletionsServer(params string[] replies)
    {
        _replies = new ConcurrentQueue<string>(replies);
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            Requests.Enqueue(JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject());
            string? reply = null;
            var found = context.Request.Url!.AbsolutePath == "/v1/chat/completions" && _replies.TryDequeue(out reply);
            var body = found ? Completion(reply!) : """{"error":{"message":"no scripted reply","type":"test"}}""";
            context.Response.StatusCode = found ? 200 : 400;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static string Completion(string content) => new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "fake-planner",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
    }.ToJsonString();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
