using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using FlexAspire.Api.Runs.Journal;

namespace FlexAspire.Api.Runs.Streaming;

/// One reader of a run: the frames after a given seq, then the live tail until the next `complete` frame. Frames
/// come from the run's feed on this replica (RunFrameHub) and, only when they are older than its window, from the
/// event log; either way they are the committed frames with their seq, so a reconnect or another replica sees the same.
public sealed class RunEventFeed(RunFrameHub hub, IOptions<RunOptions> options, TimeProvider clock)
{
    /// Ends at the first `complete` after `afterSeq`, or at the end of the log once the run has finished (a stream
    /// never waits for frames that cannot come). The lease is the caller's to dispose.
    public async IAsyncEnumerable<SseItem<string>> FollowAsync(RunFrameHub.FeedLease lease, long afterSeq, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var feed = lease.Feed;
        var last = afterSeq;
        var nextHeartbeat = clock.GetUtcNow() + options.Value.HeartbeatInterval;
        var batch = new List<JournalFrame>();
        Task? tick = null; // one timer per heartbeat period, not one per wait
        while (!ct.IsCancellationRequested)
        {
            batch.Clear();
            var changed = feed.Read(last, batch, out var olderUntil);
            if (olderUntil is { } until)
            {
                batch = await hub.ReadLogAsync(feed.RunId, last, until, "replay", ct);
            }
            foreach (var frame in batch)
            {
                last = frame.Seq;
                yield return new SseItem<string>(frame.Data, frame.Type) { EventId = frame.Seq.ToString() };
                if (frame.Type == FlexEventTypes.Complete)
                {
                    yield break;
                }
            }
            if (batch.Count > 0)
            {
                continue;
            }
            if (feed.Finished && last >= feed.Last)
            {
                yield break;
            }
            var untilHeartbeat = nextHeartbeat - clock.GetUtcNow();
            if (untilHeartbeat > TimeSpan.Zero)
            {
                tick ??= Task.Delay(untilHeartbeat, clock, ct);
                await Task.WhenAny(changed, tick);
            }
            if (ct.IsCancellationRequested)
            {
                yield break;
            }
            if (clock.GetUtcNow() >= nextHeartbeat)
            {
                nextHeartbeat = clock.GetUtcNow() + options.Value.HeartbeatInterval;
                tick = null;
                yield return Heartbeat(feed, last);
            }
        }
    }

    private SseItem<string> Heartbeat(RunFeed feed, long lastSeq)
    {
        var now = clock.GetUtcNow();
        var frame = new FlexEvent
        {
            Type = FlexEventTypes.Heartbeat,
            RunId = feed.RunId.ToString(),
            Seq = lastSeq,
            Timestamp = now,
            CorrelationId = feed.CorrelationId,
            TraceId = feed.TraceId,
            Payload = new() { ["ts"] = now },
        };
        // Heartbeats carry no id: they are not in the log, and a client must not resume from one.
        return new SseItem<string>(JsonSerializer.Serialize(frame, FlexJsonContext.Default.FlexEvent), FlexEventTypes.Heartbeat);
    }
}
