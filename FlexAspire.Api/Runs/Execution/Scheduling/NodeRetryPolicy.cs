namespace FlexAspire.Api.Runs.Execution.Scheduling;

/// When a node is run again as a whole after a transient fault (`Flex:Runs:NodeRetries`): only a failure marked
/// retryable, at most `MaxRetries` times, after `BaseDelay` doubled per retry, and only while the wait (plus as much
/// again to work) fits in what is left of the node's `NodeTimeout`, which covers every attempt.
public sealed record NodeRetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan NodeTimeout)
{
    public static NodeRetryPolicy From(RunOptions options) => new(options.NodeRetries, options.NodeRetryBaseDelay, options.NodeTimeout);

    public int MaxAttempts => MaxRetries + 1;

    /// The wait before running the node again after attempt `attempt` (1 = the first) ended with `result`, `elapsed`
    /// after the node started; null when it is not run again (not a transient failure, bound reached, no time left).
    public TimeSpan? DelayAfter(NodeRunResult result, int attempt, TimeSpan elapsed)
    {
        if (result is not NodeRunResult.Failed { Retryable: true } || attempt > MaxRetries)
            return null;
        var delay = BaseDelay * Math.Pow(2, attempt - 1);
        return delay * 2 < NodeTimeout - elapsed ? delay : null;
    }

    /// Runs `attempt` until it ends in anything but a retryable failure, or the retries are used up (the last
    /// failure is returned). Before each retry `onRetry` is told the next attempt's number and the failure.
    public async Task<NodeRunResult> RunAsync(Func<CancellationToken, Task<NodeRunResult>> attempt,
        Func<NodeRetry, CancellationToken, Task> onRetry, TimeProvider clock, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        for (var number = 1; ; number++)
        {
            var result = await attempt(ct);
            if (DelayAfter(result, number, clock.GetElapsedTime(started)) is not { } delay)
                return result;
            await onRetry(new NodeRetry(number + 1, MaxAttempts, ((NodeRunResult.Failed)result).Error, delay), ct);
            await Task.Delay(delay, clock, ct);
        }
    }
}

/// The node is about to run again: attempt `Attempt` of at most `MaxAttempts`, after `Delay`, because of `Error`.
public sealed record NodeRetry(int Attempt, int MaxAttempts, FlexError Error, TimeSpan Delay);
