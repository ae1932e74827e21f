using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;

namespace FlexAspire.Api.Runs.Streaming;

/// A `flex.sse.frame` span per frame a stream sends. The span starts when the frame is handed to the formatter and
/// ends when the formatter asks for the next one, by which time the frame is written and flushed. Nothing is
/// allocated per frame unless the span is sampled.
public static class SseFrameTelemetry
{
    public static async IAsyncEnumerable<SseItem<string>> TraceAsync(
        IAsyncEnumerable<SseItem<string>> frames, string runId, RunTelemetry telemetry, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var frame in frames.WithCancellation(ct))
        {
            using var activity = RunTelemetry.Source.StartActivity("flex.sse.frame");
            if (activity is not null)
            {
                activity.SetTag(TelemetryAttributes.RunId, runId);
                activity.SetTag(TelemetryAttributes.SseType, frame.EventType);
                if (frame.EventId is { } id && long.TryParse(id, out var seq))
                {
                    activity.SetTag("flex.sse.seq", seq);
                }
                activity.SetTag("flex.sse.bytes", EncodedLength(frame));
            }
            yield return frame;
            telemetry.RecordFrameSent(frame.EventType);
        }
    }

    /// The frame's size as SseFormatter writes it: `event:`, `id:`, one `data:` line (frames are single-line JSON)
    /// and the blank line. Counted from the item rather than from the response stream, which is Kestrel's to own.
    public static long EncodedLength(SseItem<string> frame)
    {
        long length = "data: ".Length + Encoding.UTF8.GetByteCount(frame.Data) + 2;
        if (frame.EventType is { } type && type != SseParser.EventTypeDefault)
        {
            length += "event: ".Length + Encoding.UTF8.GetByteCount(type) + 1;
        }
        if (frame.EventId is { } id)
        {
            length += "id: ".Length + Encoding.UTF8.GetByteCount(id) + 1;
        }
        return length;
    }
}
