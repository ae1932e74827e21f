using System.Collections.Concurrent;

namespace FlexAspire.Api.Runs.Streaming;

/// Wakes the streams of a run when this process has written new frames for it. Frames written by another API
/// instance are found by the streams' polling instead.
public sealed class RunNotifier
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _signals = new();

    /// Take the task before reading the log, then wait on it: a frame written in between is never missed.
    public Task WaitForChangeAsync(Guid runId) =>
        _signals.GetOrAdd(runId, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Notify(Guid runId)
    {
        if (_signals.TryRemove(runId, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
