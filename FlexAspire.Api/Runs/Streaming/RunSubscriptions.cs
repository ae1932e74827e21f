using System.Collections.Concurrent;
using FlexAspire.Api.Runs.Journal;

namespace FlexAspire.Api.Runs.Streaming;

/// On the replica executing a run: which other replicas stream it (their observers, registered by the run's grain).
/// The journal writer hands each committed batch here: this replica's own streams get the frames directly, every
/// subscribed replica gets them in one call, however many readers it has.
public sealed class RunSubscriptions(RunFrameHub hub, ILogger<RunSubscriptions> logger) : ICommittedFrameSink
{
    private readonly ConcurrentDictionary<Guid, Entry> _runs = new();

    public void Subscribe(Guid runId, string silo, IRunFrameObserver? observer)
    {
        var entry = _runs.GetOrAdd(runId, static _ => new Entry());
        if (observer is not null)
        {
            lock (entry) entry.Remote[silo] = observer;
        }
    }

    public long LastSeq(Guid runId) => _runs.TryGetValue(runId, out var entry) ? Interlocked.Read(ref entry.LastSeq) : 0;

    /// The run's activation ends here: its subscribers find the next one when they renew their subscription.
    public void Forget(Guid runId) => _runs.TryRemove(runId, out _);

    public void Publish(Guid runId, IReadOnlyList<JournalFrame> frames)
    {
        // The last committed seq first: a feed whose delivery failed sees at its next renewal that it is behind.
        var entry = _runs.GetOrAdd(runId, static _ => new Entry());
        Interlocked.Exchange(ref entry.LastSeq, frames[^1].Seq);
        hub.Deliver(runId, frames);
        IRunFrameObserver[] remote;
        lock (entry) remote = [.. entry.Remote.Values];
        if (remote.Length == 0)
        {
            return;
        }
        var batch = frames as JournalFrame[] ?? [.. frames];
        foreach (var observer in remote)
        {
            try
            {
                _ = observer.OnFramesAsync(runId, batch);
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Frames of run {RunId} could not be sent to a subscribed replica", runId);
            }
        }
    }

    private sealed class Entry
    {
        public readonly Dictionary<string, IRunFrameObserver> Remote = new(StringComparer.Ordinal);
        public long LastSeq;
    }
}
