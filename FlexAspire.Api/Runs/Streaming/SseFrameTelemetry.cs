using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using FlexAspire.Api.Runs.Execution;

namespace FlexAspire.Api.Runs.Streaming;

/// A `flex.sse.frame` span per frame a stream sends. The span starts when the frame is handed to the formatter and
/// ends when the formatter asks for the next one, by which time the frame is written and flushed; its size is what
/// the counting stream saw in between. Nothing is allocated per frame unless the span is sampled.
public static class SseFrameTelemetry
{
    public static async IAsyncEnumerable<SseItem<string>> TraceAsync(
        IAsyncEnumerable<SseItem<string>> frames, ByteCountingStream body, string runId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var frame in frames.WithCancellation(ct))
        {
            var before = body.BytesWritten;
            using var activity = RunTelemetry.Source.StartActivity("flex.sse.frame");
            if (activity is not null)
            {
                activity.SetTag("flex.run.id", runId);
                activity.SetTag("flex.sse.type", frame.EventType);
                if (frame.EventId is { } id && long.TryParse(id, out var seq))
                {
                    activity.SetTag("flex.sse.seq", seq);
                }
            }
            yield return frame;
            activity?.SetTag("flex.sse.bytes", body.BytesWritten - before);
            RunTelemetry.FramesSent.Add(1, new KeyValuePair<string, object?>("flex.sse.type", frame.EventType));
        }
    }
}

/// Passes writes through to the response body and counts the bytes.
public sealed class ByteCountingStream(Stream inner) : Stream
{
    public long BytesWritten { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        BytesWritten += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BytesWritten += buffer.Length;
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
