using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlexAspire.Tests.Fakes;

/// A Kestrel server on 127.0.0.1 (a free port) that answers every request with the next scripted reply and records
/// what it received. The base for FakeOpenAiServer; tests use it directly as a remote capability or any HTTP peer.
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _replies = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LoopbackHttpServer(WebApplication app) => _app = app;

    /// Where the server listens, e.g. `http://127.0.0.1:41234`.
    public Uri BaseAddress { get; private set; } = null!;

    /// Answer when the script is empty; by default a 500 that says so, so a test that under-scripts fails loudly.
    public FakeReply Fallback { get; set; } = FakeReply.Status(500, """{"error":{"message":"no scripted reply left"}}""");

    /// Computes the answer when the script is empty (before Fallback): for servers that must answer any request.
    public Func<RecordedRequest, FakeReply>? Responder { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<LoopbackHttpServer> StartAsync()
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var server = new LoopbackHttpServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = app.Address();
        return server;
    }

    public LoopbackHttpServer Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
            _replies.Enqueue(reply);
        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, body)
        {
            Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        };
        _requests.Enqueue(request);

        var reply = _replies.TryDequeue(out var next) ? next : Responder?.Invoke(request) ?? Fallback;
        if (reply.Hang)
        {
            // Until the client gives up (its timeout cancels the request) or the server stops.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        context.Response.StatusCode = reply.StatusCode;
        foreach (var (name, value) in reply.Headers)
            context.Response.Headers[name] = value;
        context.Response.ContentType = reply.ContentType;
        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string Path, string Body)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public JsonNode? Json => JsonNode.Parse(Body);
}

/// One scripted answer. `Hang` never answers.
public sealed record FakeReply(int StatusCode, string Body, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public bool Hang { get; init; }

    public static FakeReply Json(string body) => new(200, body);
    public static FakeReply Status(int statusCode, string body = "") => new(statusCode, body);
    public static FakeReply Text(string body) => new(200, body, "text/plain");
    public static FakeReply Hanging() => new(200, "") { Hang = true };

    public static FakeReply TooManyRequests(int retryAfterSeconds) =>
        new(429, """{"error":{"message":"Rate limit reached","type":"requests"}}""")
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
}
