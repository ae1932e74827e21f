using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FlexAspire.Api.Data;
using FlexAspire.Contracts.Events;
using FlexAspire.Contracts.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlexAspire.Api.Runs.Streaming;

/// Reads a run's persisted frames after a given seq and follows the live tail until the next `complete` frame.
/// Every frame comes from the event log, so a reconnecting client, or one served by another instance, sees the
/// same frames with the same seq.
public sealed class RunEventFeed(IServiceScopeFactory scopes, RunNotifier notifier, IOptions<RunOptions> options, TimeProvider clock)
{
    private const int BatchSize = 256;

    /// `finished`: the run had ended before the stream began, so the stream ends at the end of its log even when no
    /// `complete` follows `afterSeq` (it never waits for frames that cannot come).
    public async IAsyncEnumerable<SseItem<string>> FollowAsync(
        Guid runId, long afterSeq, string correlationId, string traceId, [EnumeratorCancellation] CancellationToken ct, bool finished = false)
    {
        var last = afterSeq;
        var nextHeartbeat = clock.GetUtcNow() + options.Value.HeartbeatInterval;
        while (!ct.IsCancellationRequested)
        {
            var changed = notifier.WaitForChangeAsync(runId);
            var batch = await ReadAfterAsync(runId, last, ct);
            foreach (var frame in batch)
            {
                last = frame.Seq;
                yield return new SseItem<string>(frame.Payload, frame.Type) { EventId = frame.Seq.ToString() };
                if (frame.Type == FlexEventTypes.Complete)
                {
                    yield break;
                }
            }
            if (batch.Count == BatchSize)
            {
                continue;
            }
            if (finished)
            {
                yield break;
            }

            var untilHeartbeat = nextHeartbeat - clock.GetUtcNow();
            var wait = untilHeartbeat < options.Value.StreamPollInterval ? untilHeartbeat : options.Value.StreamPollInterval;
            if (wait > TimeSpan.Zero)
            {
                await Task.WhenAny(changed, Task.Delay(wait, clock, ct));
            }
            if (ct.IsCancellationRequested)
            {
                yield break;
            }
            if (clock.GetUtcNow() >= nextHeartbeat)
            {
                nextHeartbeat = clock.GetUtcNow() + options.Value.HeartbeatInterval;
                yield return Heartbeat(runId, last, correlationId, traceId);
            }
        }
    }

    private async Task<List<RunEventEntity>> ReadAfterAsync(Guid runId, long afterSeq, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        return await db.RunEvents.AsNoTracking()
            .Where(e => e.RunId == runId && e.Seq > afterSeq)
            .OrderBy(e => e.Seq)
            .Take(BatchSize)
            .ToListAsync(ct);
    }

    private SseItem<string> Heartbeat(Guid runId, long lastSeq, string correlationId, string traceId)
    {
        var now = clock.GetUtcNow();
        var frame = new FlexEvent
        {
            Type = FlexEventTypes.Heartbeat,
            RunId = runId.ToString(),
            Seq = lastSeq,
            Timestamp = now,
            CorrelationId = correlationId,
            TraceId = traceId,
            Payload = new() { ["ts"] = now },
        };
        // Heartbeats carry no id: they are not in the log, and a client must not resume from one.
        return new SseItem<string>(JsonSerializer.Serialize(frame, FlexJsonContext.Default.FlexEvent), FlexEventTypes.Heartbeat);
    }
}
