using System.Text.Json.Nodes;
using FlexAspire.Api.Data;
using FlexAspire.Api.Runs.Execution;
using FlexAspire.Api.Runs.Journal;
using FlexAspire.Contracts.Events;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FlexAspire.Api.Runs;

/// A frame to append: its type, node, message and payload (seq, time and ids are filled in when it is written).
public sealed record PendingFrame(string Type, string? NodeId = null, string? Message = null, JsonObject? Payload = null, int? PlanVersion = null);

/// A run's journal as its grain writes it: the seq of every frame is assigned here, in memory, and each state change
/// with the frames that report it goes to the replica's group-commit JournalWriter as one unit; WriteAsync returns once
/// it is committed (and handed to the streams). One write at a time per run, so parallel nodes never race for a seq,
/// while the writer commits many runs' writes together.
public sealed class RunJournal(JournalWriter writer, Guid runId)
{
    private readonly SemaphoreSlim _order = new(1, 1);
    private long? _lastSeq; // null: not known yet, the next write numbers from the run row

    public Guid RunId => runId;

    /// The status of the last `complete` frame this journal wrote (null while the run goes on).
    public string? CompletedStatus { get; private set; }

    /// The run's last seq as the execution loaded it; from now on seqs are assigned in memory.
    public void Seed(long lastSeq) => _lastSeq ??= lastSeq;

    /// Applies `change` to the run (and anything else in the same DbContext) and appends `frames`, atomically.
    /// `change` may run more than once (when its batch failed for another run's sake, or on a concurrency conflict),
    /// each time on a fresh context: keep it idempotent. Once this execution wrote a `complete`, nothing more is
    /// written: no frame ever follows a stream's `complete`.
    public async Task WriteAsync(Func<FlexDbContext, RunEntity, Task>? change, IReadOnlyList<PendingFrame> frames, CancellationToken ct)
    {
        await _order.WaitAsync(ct);
        try
        {
            if (CompletedStatus is not null)
            {
                return;
            }
            Written(frames, await writer.CommitAsync(new JournalUnit(runId, change, null, frames, _lastSeq + 1, ct)));
        }
        finally
        {
            _order.Release();
        }
    }

    public Task WriteAsync(PendingFrame frame, CancellationToken ct) => WriteAsync(null, [frame], ct);

    /// A command's answer to a paused run (HITL): the rows it changed on its own context, with `frames`, committed by
    /// the same writer. False when another writer changed the run first (its row version) or already wrote these
    /// seqs: then nothing of it was written.
    public async Task<bool> CommitTrackedAsync(FlexDbContext db, RunEntity run, IReadOnlyList<PendingFrame> frames, CancellationToken ct)
    {
        await _order.WaitAsync(ct);
        try
        {
            Written(frames, await writer.CommitAsync(new JournalUnit(runId, null, TrackedChanges.Take(db, run), frames, null, ct)));
            return true;
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException
                                           || ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return false;
        }
        finally
        {
            _order.Release();
        }
    }

    private void Written(IReadOnlyList<PendingFrame> frames, IReadOnlyList<JournalFrame> written)
    {
        if (written.Count == 0)
        {
            return;
        }
        _lastSeq = written[^1].Seq;
        foreach (var frame in frames)
        {
            if (frame.Type == FlexEventTypes.Complete && frame.Payload?["status"]?.GetValue<string>() is { } status)
            {
                CompletedStatus = status;
                RunTelemetry.RecordFinished(status);
            }
        }
    }
}
