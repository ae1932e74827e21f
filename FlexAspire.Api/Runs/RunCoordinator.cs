namespace FlexAspire.Api.Runs;

/// This replica's share of the work: a bounded backlog of accepted runs waiting to execute here
/// (`Flex:Runs:MaxBacklog`) and at most `MaxConcurrentRuns` executing at once. Which replica executes a run is the
/// cluster's decision (RunGrain); this only paces the runs that landed here.
public sealed class RunCoordinator(IServiceScopeFactory scopes, RunCancellation cancellation, IOptions<RunOptions> options,
    ILogger<RunCoordinator> logger)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrentRuns));
    private int _reserved;

    /// Takes a backlog slot; false when the backlog is full (the caller answers 503).
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _reserved) <= options.Value.MaxBacklog)
        {
            return true;
        }
        Interlocked.Decrement(ref _reserved);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _reserved);

    /// Waits for an execution slot and executes the run from wherever it stands. `reserved`: the run holds a backlog
    /// slot, given back once it executes (runs continued after a pause or a failover never wait in the backlog).
    /// Returns the status the run's last `complete` reported, or null when it is not known (interrupted).
    public async Task<RunStatus?> ExecuteAsync(Guid runId, bool reserved, string why, CancellationToken runCt, CancellationToken stoppingToken)
    {
        try
        {
            await _slots.WaitAsync(runCt);
        }
        catch (OperationCanceledException) when (runCt.IsCancellationRequested)
        {
            if (reserved) Release();
            return stoppingToken.IsCancellationRequested
                ? null
                : await cancellation.MarkCancelledAsync(runId, CancellationToken.None); // cancelled while queued
        }
        if (reserved) Release();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RunExecutor>().ExecuteAsync(runId, why, runCt, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Run {RunId} stopped unexpectedly", runId);
            return null;
        }
        finally
        {
            _slots.Release();
        }
    }
}
