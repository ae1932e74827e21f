namespace FlexAspire.Api.Runs.Journal;

/// The writes of one run's execution, in the order they were queued. Once one of them was not committed, the ones
/// queued after it are not committed either (they would leave a gap in the run's seqs); the run's journal then starts
/// again from the last committed seq. Whether a failed write was awaited by the engine (`Reported`) decides what the
/// run's next write does: a failure nobody saw (a queued, not awaited write) fails it too, so the execution never goes
/// on past a state change that was not recorded.
public sealed class JournalChain
{
    private Exception? _broken;
    private long _committedSeq = -1;
    private int _reported;

    public Exception? Broken => Volatile.Read(ref _broken);

    /// A write that failed since the chain broke was awaited: the engine saw the failure.
    public bool Reported => Volatile.Read(ref _reported) == 1;

    /// The last seq of this run known to be committed (null: not known yet).
    public long? CommittedSeq => Interlocked.Read(ref _committedSeq) is var seq && seq >= 0 ? seq : null;

    internal void Committed(long seq) => Interlocked.Exchange(ref _committedSeq, seq);

    internal void Break(Exception cause, bool reported)
    {
        Interlocked.CompareExchange(ref _broken, cause, null);
        if (reported)
        {
            Volatile.Write(ref _reported, 1);
        }
    }

    internal void Mend()
    {
        Volatile.Write(ref _broken, null);
        Volatile.Write(ref _reported, 0);
    }

    /// The error a later write of the chain fails with: a cancel stays a cancel.
    internal Exception Follow(Guid runId) => Broken is OperationCanceledException cancelled
        ? new OperationCanceledException($"An earlier write of run {runId} was cancelled.", cancelled)
        : new InvalidOperationException($"An earlier write of run {runId} was not committed.", Broken);
}
