using FlexAspire.Api.Runs.Journal;
using Npgsql;

namespace FlexAspire.Api.Runs;

/// A frame to append: its type, node, message and payload (seq, time and ids are filled in when it is written).
public sealed record PendingFrame(string Type, string? NodeId = null, string? Message = null, JsonObject? Payload = null, int? PlanVersion = null);

/// A run's journal as its grain writes it: the seq of every frame is assigned here, in memory, and each state change
/// with the frames that report it goes to the replica's group-commit JournalWriter as one unit. Writes are queued in
/// seq order (one at a time, so parallel nodes never race for a seq) and committed in that order, many runs' writes
/// per transaction; WriteAsync returns once its write is committed (and handed to the streams), AppendAsync once it
/// is queued (the engine pipelines a node's start and result that way, and awaits the writes that end or pause a run).
public sealed class RunJournal(JournalWriter writer, RunTelemetry telemetry, Guid runId)
{
    private readonly SemaphoreSlim _order = new(1, 1);
    private readonly JournalChain _chain = new();
    private long? _lastSeq; // null: not known, the next write numbers from the run row and is awaited
    private bool _closed; // a `complete` is queued: nothing follows it
    private Task _tail = Task.CompletedTask;

    public Guid RunId => runId;

    /// The status of the last `complete` frame this journal wrote (null while the run goes on).
    public RunStatus? CompletedStatus { get; private set; }

    /// The error code of that `complete` frame, when it reports one (a failed run).
    public string? CompletedErrorCode { get; private set; }

    /// The run's last seq as the execution loaded it; from now on seqs are assigned in memory.
    public void Seed(long lastSeq)
    {
        if (_lastSeq is null)
        {
            _lastSeq = lastSeq;
            _chain.Committed(lastSeq);
        }
    }

    /// Applies `change` to the run (and anything else in the same DbContext) and appends `frames`, atomically.
    /// `change` may run more than once (when its batch failed for another run's sake, or on a concurrency conflict),
    /// each time on a fresh context: keep it idempotent. Once this execution queued a `complete`, nothing more is
    /// written: no frame ever follows a stream's `complete`.
    public async Task WriteAsync(Func<FlexDbContext, RunEntity, Task>? change, IReadOnlyList<PendingFrame> frames, CancellationToken ct) =>
        await await QueueAsync(change, frames, ct, awaited: true);

    public Task WriteAsync(PendingFrame frame, CancellationToken ct) => WriteAsync(null, [frame], ct);

    /// Queues the write and returns without waiting for its commit: the engine goes on at once (the frames still reach
    /// streams only once committed, after every earlier write of the run). Such a write is never cancelled once queued
    /// (what the engine did is recorded); if it is not committed, the run's next write or flush throws, so the execution
    /// stops instead of going on past a state change that was not recorded (its grain then records the run failed).
    public async Task AppendAsync(Func<FlexDbContext, RunEntity, Task>? change, IReadOnlyList<PendingFrame> frames)
    {
        var committed = await QueueAsync(change, frames, CancellationToken.None, awaited: false);
        _ = committed.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// Waits until every write queued so far is committed (before the execution reads the run back from the
    /// database); throws when one of them was not.
    public async Task FlushAsync(CancellationToken ct)
    {
        await _order.WaitAsync(ct);
        try
        {
            await _tail.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ThrowIfBroken();
        }
        finally
        {
            _order.Release();
        }
    }

    private async Task<Task> QueueAsync(Func<FlexDbContext, RunEntity, Task>? change, IReadOnlyList<PendingFrame> frames, CancellationToken ct, bool awaited)
    {
        await _order.WaitAsync(ct);
        try
        {
            if (_chain.Broken is not null)
            {
                // A write queued earlier was not committed: once the queue is past it, start again from the last
                // committed seq (every write queued after it failed too).
                await _tail.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                ThrowIfBroken();
            }
            if (_closed)
            {
                return Task.CompletedTask;
            }
            var unit = new JournalUnit(runId, change, null, frames, _lastSeq + 1, ct, _chain, awaited);
            await writer.EnqueueAsync(unit);
            var committed = CommittedAsync(unit, frames);
            _tail = committed;
            _closed = frames.Any(f => f.Type == FlexEventTypes.Complete);
            if (_lastSeq is null)
            {
                await committed; // numbered from the row: the next write needs its seq
                _lastSeq = _chain.CommittedSeq;
            }
            else
            {
                _lastSeq += frames.Count;
            }
            return committed;
        }
        finally
        {
            _order.Release();
        }
    }

    /// Called with the queue past the broken write: the journal starts again from the last committed seq. A failure the
    /// engine awaited (or a cancel) was seen where it happened; one of a queued write nobody awaited is thrown here.
    private void ThrowIfBroken()
    {
        if (_chain.Broken is not { } broken)
        {
            return;
        }
        var unseen = !_chain.Reported && broken is not OperationCanceledException;
        _lastSeq = _chain.CommittedSeq;
        _closed = CompletedStatus is not null;
        _chain.Mend();
        if (unseen)
        {
            throw new InvalidOperationException($"A queued write of run {runId} was not committed.", broken);
        }
    }

    private async Task CommittedAsync(JournalUnit unit, IReadOnlyList<PendingFrame> frames)
    {
        await unit.Committed;
        foreach (var frame in frames)
        {
            if (frame.Type == FlexEventTypes.Complete && WireNames<RunStatus>.TryParse(frame.Payload?["status"]?.GetValue<string>(), out var status))
            {
                CompletedStatus = status;
                CompletedErrorCode = frame.Payload?["error"]?["code"]?.GetValue<string>();
                telemetry.RecordFinished(status, CompletedErrorCode);
            }
        }
    }

    /// A command's answer to a paused run (HITL): the rows it changed on its own context, with `frames`, committed by
    /// the same writer. False when another writer changed the run first (its row version) or already wrote these
    /// seqs: then nothing of it was written.
    public async Task<bool> CommitTrackedAsync(FlexDbContext db, RunEntity run, IReadOnlyList<PendingFrame> frames, CancellationToken ct)
    {
        await _order.WaitAsync(ct);
        try
        {
            var unit = new JournalUnit(runId, null, TrackedChanges.Take(db, run), frames, null, ct, null);
            await writer.EnqueueAsync(unit);
            await CommittedAsync(unit, frames);
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
}
