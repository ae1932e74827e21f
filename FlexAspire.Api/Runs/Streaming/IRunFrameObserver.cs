using FlexAspire.Api.Runs.Journal;
using Orleans.Concurrency;

namespace FlexAspire.Api.Runs.Streaming;

/// A replica's streams, as the replica executing a run sees them: one observer per replica (RunFrameHub), subscribed
/// to each run that replica streams, receives that run's committed frames and fans them out to its readers.
public interface IRunFrameObserver : IGrainObserver
{
    /// Best effort: a lost or reordered call is repaired by the subscriber (it reads the gap from the log).
    [OneWay]
    Task OnFramesAsync(Guid runId, JournalFrame[] frames);
}

/// What a subscription learns: the activation it subscribed to (another one means frames may have been written
/// elsewhere meanwhile) and the last seq that activation committed.
[GenerateSerializer, Immutable]
public sealed record RunSubscription([property: Id(0)] Guid Activation, [property: Id(1)] long LastSeq);
