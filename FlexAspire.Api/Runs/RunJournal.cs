using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Api.Data;
using FlexAspire.Api.Runs.Execution;
using FlexAspire.Api.Runs.Streaming;
using FlexAspire.Contracts.Events;
using FlexAspire.Contracts.Serialization;
using Microsoft.EntityFrameworkCore;

namespace FlexAspire.Api.Runs;

/// A frame to append: its type, node, message and payload (seq, time and ids are filled in when it is written).
public sealed record PendingFrame(string Type, string? NodeId = null, string? Message = null, JsonObject? Payload = null, int? PlanVersion = null);

/// Writes a run's state changes and the frames that report them in one transaction, then wakes its streams.
/// One journal per executing run serialises its writes, so parallel nodes never race for a seq.
public sealed class RunJournal(IServiceScopeFactory scopes, RunNotifier notifier, TimeProvider clock, Guid runId)
{
    private const int MaxConcurrencyRetries = 5;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public Guid RunId => runId;

    /// The status of the last `complete` frame this journal wrote (null while the run goes on).
    public string? CompletedStatus { get; private set; }

    /// Applies `change` to the run (and anything else in the same DbContext) and appends `frames`, atomically.
    /// `change` may run more than once (on a concurrency conflict), each time on a fresh context: keep it idempotent.
    /// Once this execution wrote a `complete`, nothing more is written: no frame ever follows a stream's `complete`.
    public async Task WriteAsync(Func<FlexDbContext, RunEntity, Task>? change, IReadOnlyList<PendingFrame> frames, CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            if (CompletedStatus is not null)
            {
                return;
            }
            for (var attempt = 1; ; attempt++)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
                var run = await db.Runs.FindAsync([runId], ct) ?? throw new InvalidOperationException($"Run {runId} is gone.");
                if (change is not null)
                {
                    await change(db, run);
                }
                AppendFrames(db, run, frames, clock.GetUtcNow());
                try
                {
                    await db.SaveChangesAsync(ct);
                    break;
                }
                catch (DbUpdateConcurrencyException) when (attempt < MaxConcurrencyRetries)
                {
                    // The run row changed since it was read (the lease renewal touches it): nothing was written, so
                    // the whole unit is read and applied again on a fresh context. The changes are idempotent.
                }
            }
            foreach (var frame in frames)
            {
                if (frame.Type == FlexEventTypes.Complete && frame.Payload?["status"]?.GetValue<string>() is { } status)
                {
                    CompletedStatus = status;
                    RunTelemetry.RecordFinished(status);
                }
            }
        }
        finally
        {
            _writer.Release();
        }
        notifier.Notify(runId);
    }

    public Task WriteAsync(PendingFrame frame, CancellationToken ct) => WriteAsync(null, [frame], ct);

    /// Used for the first frames of a new run, written in the same transaction that creates it.
    public static void AppendFrames(FlexDbContext db, RunEntity run, IReadOnlyList<PendingFrame> frames, DateTimeOffset now)
    {
        foreach (var frame in frames)
        {
            run.LastSeq++;
            var data = new FlexEvent
            {
                Type = frame.Type,
                RunId = run.Id.ToString(),
                Seq = run.LastSeq,
                Timestamp = now,
                CorrelationId = run.CorrelationId ?? run.Id.ToString(),
                TraceId = run.TraceId ?? Activity.Current?.TraceId.ToString() ?? "",
                NodeId = frame.NodeId,
                PlanVersion = frame.PlanVersion ?? (run.PlanVersion > 0 ? run.PlanVersion : null),
                Message = frame.Message,
                Payload = frame.Payload,
            };
            db.RunEvents.Add(new RunEventEntity
            {
                RunId = run.Id,
                Seq = run.LastSeq,
                Type = frame.Type,
                Payload = JsonSerializer.Serialize(data, FlexJsonContext.Default.FlexEvent),
                CreatedAt = now,
            });
        }
        run.UpdatedAt = now;
    }
}
