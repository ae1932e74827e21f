using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace FlexAspire.Tests.Infrastructure;

/// One frame as a client sees it: `event`, `id` (null for heartbeats) and the parsed `data` document.
public sealed record SseFrame(string Type, string? Id, JsonObject Data)
{
    public long Seq => Data["seq"]!.GetValue<long>();
    public JsonObject? Payload => Data["payload"] as JsonObject;
}

/// Reads flex streams with the same parser a .NET client would use (System.Net.ServerSentEvents).
public static class SseFrames
{
    public static async IAsyncEnumerable<SseFrame> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct))
        {
            yield return new SseFrame(item.EventType, item.EventId, JsonNode.Parse(item.Data)!.AsObject());
        }
    }

    /// How long a test waits for a run on the stack to reach `complete`.
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    /// Every frame up to and including the first `complete`, within RunTimeout unless told otherwise.
    public static async Task<List<SseFrame>> ReadUntilCompleteAsync(HttpResponseMessage response, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? RunTimeout);
        var frames = new List<SseFrame>();
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        await foreach (var frame in ReadAsync(stream, cts.Token))
        {
            frames.Add(frame);
            if (frame.Type == "complete")
            {
                break;
            }
        }
        return frames;
    }

    /// The frames the run's log holds: all but heartbeats (which carry no id and repeat the last seq).
    public static List<SseFrame> WithoutHeartbeats(this IEnumerable<SseFrame> frames) => frames.Where(f => f.Type != "heartbeat").ToList();
}
