using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.Features;

namespace FlexAspire.Api.Runs.Streaming;

/// `text/event-stream` in the framing the SPA listeners parse: a `:` prologue comment sent at once, then
/// `event`/`id`/`data` frames (System.Net.ServerSentEvents' SseFormatter writes and flushes each one).
/// `lease`: the reader's hold on the run's feed, released when the response ends (however it ends).
public sealed class RunStreamResult(IAsyncEnumerable<SseItem<string>> frames, Guid runId, IDisposable? lease = null) : IResult
{
    private static readonly byte[] Prologue = ":\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Response.Headers["X-Flex-Run-Id"] = runId.ToString();
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var telemetry = http.RequestServices.GetRequiredService<RunTelemetry>();
        telemetry.ActiveStreams.Add(1);
        try
        {
            await http.Response.Body.WriteAsync(Prologue, ct);
            await http.Response.Body.FlushAsync(ct);
            await SseFormatter.WriteAsync(SseFrameTelemetry.TraceAsync(frames, runId.ToString(), telemetry), http.Response.Body, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; the run goes on (it is the server's work, not the connection's).
        }
        finally
        {
            telemetry.ActiveStreams.Add(-1);
            lease?.Dispose();
        }
    }
}
