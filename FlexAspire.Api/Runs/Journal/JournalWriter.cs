using System.Threading.Channels;

namespace FlexAspire.Api.Runs.Journal;

/// Group commit for every run executing on this replica: units wait in a bounded queue, and one writer commits all
/// the units that queued up meanwhile (many runs' frames and state changes) in one transaction: the runs' rows are
/// attached (RunHeaders: read once, then kept from the writer's own commits), one SaveChanges sends the updates and
/// inserts as one batch and the frames and outputs are copied in (JournalSave). Only after the commit are the frames
/// handed to the streams (ICommittedFrameSink: RunSubscriptions), so no client ever sees a frame that is not durable.
/// The runs are spread over `JournalLanes` such writers (a run always in the same lane, so its writes stay in order):
/// while one lane's batch commits, another's is being written, on its own connection.
/// It is a singleton, not a hosted service: it outlives the silo's shutdown, in which executions still write.
public sealed class JournalWriter : IAsyncDisposable
{
    private const int MaxConcurrencyRetries = 5;
    private readonly IServiceScopeFactory _scopes;
    private readonly ICommittedFrameSink _delivery;
    private readonly TimeProvider _clock;
    private readonly JournalTelemetry _telemetry;
    private readonly ILogger<JournalWriter> _logger;
    private readonly int _maxBatch;
    private readonly Lane[] _lanes;

    public JournalWriter(IServiceScopeFactory scopes, ICommittedFrameSink delivery, TimeProvider clock, IOptions<RunOptions> options,
        JournalTelemetry telemetry, ILogger<JournalWriter> logger)
    {
        (_scopes, _delivery, _clock, _telemetry, _logger) = (scopes, delivery, clock, telemetry, logger);
        var o = options.Value;
        _maxBatch = Math.Max(1, o.JournalMaxBatch);
        var lanes = Math.Max(1, o.JournalLanes);
        _lanes = new Lane[lanes];
        for (var i = 0; i < lanes; i++)
        {
            var lane = new Lane(
                Channel.CreateBounded<JournalUnit>(new BoundedChannelOptions(Math.Max(1, o.JournalQueueLength / lanes))
                {
                    SingleReader = true,
                    FullMode = BoundedChannelFullMode.Wait,
                }),
                new RunHeaders(Math.Max(1, o.MaxConcurrentRuns) * 2 / lanes + 1));
            lane.Loop = Task.Run(() => RunAsync(lane));
            _lanes[i] = lane;
        }
    }

    /// One writer loop: its queue, the rows of its runs, the loop itself.
    private sealed record Lane(Channel<JournalUnit> Queue, RunHeaders Headers)
    {
        public Task Loop { get; set; } = Task.CompletedTask;
    }

    /// Queues the unit (waits while the queue is full); `unit.Committed` completes once its batch committed, or
    /// throws what the commit threw (then nothing of the unit was written).
    public ValueTask EnqueueAsync(JournalUnit unit)
    {
        unit.QueuedAt = _clock.GetUtcNow();
        var lane = _lanes[(int)((uint)unit.RunId.GetHashCode() % (uint)_lanes.Length)];
        return lane.Queue.Writer.WriteAsync(unit, unit.CancellationToken);
    }

    private async Task RunAsync(Lane lane)
    {
        var batch = new List<JournalUnit>(_maxBatch);
        var queue = lane.Queue.Reader;
        while (await queue.WaitToReadAsync())
        {
            // A unit that carries a command's own tracked rows commits alone (its entities may overlap another's).
            while (batch.Count < _maxBatch && queue.TryPeek(out var next) && (next.Tracked is null || batch.Count == 0))
            {
                queue.TryRead(out _);
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Cancel();
                    continue;
                }
                if (next.Chain?.Broken is not null)
                {
                    next.Fail(next.Chain.Follow(next.RunId));
                    continue;
                }
                batch.Add(next);
                if (next.Tracked is not null) break;
            }
            if (batch.Count > 0)
            {
                await CommitBatchAsync(lane.Headers, batch);
                batch.Clear();
            }
        }
    }

    private async Task CommitBatchAsync(RunHeaders headers, List<JournalUnit> batch)
    {
        if (await TryWriteAsync(headers, batch) is not { } error)
        {
            Deliver(batch);
            return;
        }
        if (batch.Count == 1)
        {
            await RetryOrFailAsync(headers, batch[0], error, attempt: 1);
            return;
        }
        // One unit spoiled the batch (a conflict, a bad change): each is committed on its own, so only it fails.
        _logger.LogDebug(error, "A journal batch of {Count} units failed; committing them one by one", batch.Count);
        foreach (var unit in batch)
        {
            if (unit.Chain?.Broken is not null)
            {
                unit.Fail(unit.Chain.Follow(unit.RunId));
            }
            else if (await TryWriteAsync(headers, [unit]) is { } alone)
            {
                await RetryOrFailAsync(headers, unit, alone, attempt: 1);
            }
            else
            {
                Deliver([unit]);
            }
        }
    }

    /// The run row changed since it was read (another writer): nothing was written, so an executor's unit is read and
    /// applied again on a fresh context (its change is idempotent). A command's tracked unit lost: it fails.
    private async Task RetryOrFailAsync(RunHeaders headers, JournalUnit unit, Exception error, int attempt)
    {
        while (error is DbUpdateConcurrencyException && unit.Tracked is null && attempt < MaxConcurrencyRetries)
        {
            attempt++;
            if (await TryWriteAsync(headers, [unit]) is not { } again)
            {
                Deliver([unit]);
                return;
            }
            error = again;
        }
        unit.Fail(error);
    }

    /// Writes and commits the units; the error when nothing of them was committed. Only the database work is in here:
    /// handing committed frames on (Deliver) is not, so a delivery problem is never taken for a failed commit (and the
    /// units retried, which would write their seqs twice).
    private async Task<Exception?> TryWriteAsync(RunHeaders headers, IReadOnlyList<JournalUnit> units)
    {
        try
        {
            await WriteAsync(headers, units);
            return null;
        }
        catch (Exception ex)
        {
            foreach (var unit in units)
            {
                headers.Forget(unit.RunId); // the retry reads the row afresh
            }
            return ex;
        }
    }

    private async Task WriteAsync(RunHeaders headers, IReadOnlyList<JournalUnit> units)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        // Changes are detected once, before SaveChanges: with automatic detection every node-row lookup in the
        // context's local view (NodeRows) would scan every entity of the batch, quadratic in the batch's size.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var ids = units.Where(u => u.Tracked is null).Select(u => u.RunId).Distinct().ToList();
        var runs = ids.Count == 0 ? [] : await headers.AttachAsync(db, ids);
        foreach (var unit in units)
        {
            var run = unit.Tracked?.AttachTo(db) ?? runs.GetValueOrDefault(unit.RunId) ?? throw new InvalidOperationException($"Run {unit.RunId} is gone.");
            if (unit.Change is not null)
            {
                await unit.Change(db, run);
            }
            unit.Written = JournalFrames.Append(db, run, unit.Frames, unit.FirstSeq, unit.QueuedAt);
        }
        db.ChangeTracker.DetectChanges();
        await JournalSave.SaveAsync(db, CancellationToken.None);
        foreach (var (id, run) in runs)
        {
            headers.Committed(run, ended: units.Any(u => u.RunId == id && u.Frames.Any(f => f.Type == FlexEventTypes.Complete)));
        }
        foreach (var unit in units.Where(u => u.Tracked is not null))
        {
            headers.Forget(unit.RunId); // a command changed the row on its own context
        }
        _telemetry.RecordBatch(units.Count, units.Sum(u => u.Written.Count), Stopwatch.GetElapsedTime(started));
    }

    /// The units are committed: each succeeds whatever its delivery does. A stream that missed frames because their
    /// delivery threw reads them from the log when its feed renews its subscription (RunFrameHub).
    private void Deliver(IReadOnlyList<JournalUnit> units)
    {
        foreach (var unit in units)
        {
            if (unit.Written.Count > 0)
            {
                try
                {
                    _delivery.Publish(unit.RunId, unit.Written);
                }
                catch (Exception ex)
                {
                    _logger.LogWarning(ex, "Committed frames {First}..{Last} of run {RunId} could not be handed to its streams; they catch up from the log",
                        unit.Written[0].Seq, unit.Written[^1].Seq, unit.RunId);
                }
            }
            unit.Succeed();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes)
        {
            lane.Queue.Writer.TryComplete();
        }
        await Task.WhenAll(_lanes.Select(l => l.Loop)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
