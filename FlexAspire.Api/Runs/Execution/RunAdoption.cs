namespace FlexAspire.Api.Runs.Execution;

/// Once, when this replica has joined the cluster: every run that is `pending` or `running` is handed to its grain.
/// Normally the runs' reminders do this; this covers a whole cluster started again against an empty Redis (the local
/// development server keeps nothing on disk). A run that is executing somewhere ignores the call (one activation).
public sealed class RunAdoption(IServiceScopeFactory scopes, IGrainFactory grains, ILogger<RunAdoption> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<Guid> runs;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            runs = await scope.ServiceProvider.GetRequiredService<FlexDbContext>().Runs.AsNoTracking()
                .Where(r => r.Status == RunStatus.Pending || r.Status == RunStatus.Running)
                .OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Looking for unfinished runs at start-up failed; their reminders still continue them");
            return;
        }
        foreach (var runId in runs)
        {
            try
            {
                await grains.GetGrain<IRunGrain>(runId).StartAsync(reservedOn: null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // e.g. its activation is on a replica not yet declared dead; its reminder continues it.
                logger.LogWarning(ex, "Run {RunId} could not be handed to its grain at start-up", runId);
            }
        }
    }
}
