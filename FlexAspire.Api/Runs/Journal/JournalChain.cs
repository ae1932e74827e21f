namespace FlexAspire.Api.Runs.Journal;

/// The writes of one run's execution, in the order they were queued. Once one of them was not committed, the ones
/// queued after it are not committed either (they would leave a gap in the run's seqs); the run's journal then starts
/// again from the last committed seq.
public sealed class JournalChain
{
    private Exception? _broken;
    private long _committedSeq = -1;

    public Exception? Broken => Volatile.Read(ref _broken);

    /// The last seq of this run known to be committed (null: not known yet).
    public long? CommittedSeq => Interlocked.Read(ref _committedSeq) is var seq && seq >= 0 ? seq : null;

    internal void Committed(long seq) => Interlocked.Exchange(ref _committedSeq, seq);

    internal void Break(Exception cause) => Interlocked.CompareExchange(ref _broken, cause, null);

    internal void Mend() => Volatile.Write(ref _broken, null);

    /// The error a later write of the chain fails with: a cancel stays a cancel.
    internal Exception Follow(Guid runId) => Broken is OperationCanceledException cancelled
        ? new OperationCanceledException($"An earlier write of run {runId} was cancelled.", cancelled)
        : new InvalidOperationException($"An earlier write of run {runId} was not committed.", Broken);
}
