namespace FlexAspire.Api.Runs.Journal;

/// One atomic write of one run: a state change and the frames that report it. `FirstSeq` is the seq the run's
/// executor assigned to the first frame in memory; null numbers the frames from the run row's `last_seq` (a command
/// applied to a run that is not executing). Either `Change` is applied to the batch's context, or `Tracked` (changes
/// a HITL command made on its own context) is moved into it. `Awaited`: the engine waits for its commit (and so sees
/// its failure); false for a write the engine queued and went on (RunJournal.AppendAsync).
public sealed class JournalUnit(Guid runId, Func<FlexDbContext, RunEntity, Task>? change, TrackedChanges? tracked,
    IReadOnlyList<PendingFrame> frames, long? firstSeq, CancellationToken ct, JournalChain? chain, bool awaited = true)
{
    private readonly TaskCompletionSource<IReadOnlyList<JournalFrame>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid RunId => runId;
    public Func<FlexDbContext, RunEntity, Task>? Change => change;
    public TrackedChanges? Tracked => tracked;
    public IReadOnlyList<PendingFrame> Frames => frames;
    public long? FirstSeq => firstSeq;
    public CancellationToken CancellationToken => ct;

    /// The run's chain of queued writes (null for a command's write, which is awaited before anything follows it).
    public JournalChain? Chain => chain;

    /// The frames as written, once the batch holding them has committed.
    public Task<IReadOnlyList<JournalFrame>> Committed => _done.Task;

    internal IReadOnlyList<JournalFrame> Written { get; set; } = [];

    /// When the unit was queued: its frames' `timestamp` (when the engine reported the event, not when the batch
    /// holding it committed).
    internal DateTimeOffset QueuedAt { get; set; }

    internal void Succeed()
    {
        if (Written.Count > 0)
        {
            chain?.Committed(Written[^1].Seq);
        }
        _done.TrySetResult(Written);
    }

    internal void Fail(Exception error)
    {
        chain?.Break(error, awaited);
        _done.TrySetException(error);
    }

    internal void Cancel()
    {
        chain?.Break(new OperationCanceledException(ct), awaited);
        _done.TrySetCanceled(ct);
    }
}
