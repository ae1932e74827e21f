namespace FlexAspire.Api.Hitl;

/// Enforces what runs that wait for people may not outlive: human task timeouts (`timeoutSeconds`: the task expires
/// and its run fails with `human_task_timeout`, unless an `onTimeout` policy for the node says otherwise) and the
/// run's own `constraints.deadlineSeconds` (a paused run past it fails with `deadline_exceeded`). Every API replica
/// sweeps; each expiry is a call on the run's grain, so it happens once, in order with the run's other commands.
public sealed class PausedRunSweeper(IServiceScopeFactory scopes, IGrainFactory grains, IOptions<HitlOptions> options,
    TimeProvider clock, ILogger<PausedRunSweeper> logger) : BackgroundService
{
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TimeoutSweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Looking for overdue human tasks and paused runs past their deadline failed; trying again later");
            }
        }
    }

    public async Task SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var now = clock.GetUtcNow();
        var overdue = await db.HumanTasks.AsNoTracking()
            .Where(t => t.Status == HumanTaskStatus.Pending && t.DueAt < now)
            .OrderBy(t => t.DueAt).Select(t => new { t.Id, t.RunId }).Take(Batch).ToListAsync(ct);
        foreach (var task in overdue)
        {
            await grains.GetGrain<IRunGrain>(task.RunId).ExpireTaskAsync(task.Id);
        }
        // The deadline lives in the envelope (validated at intake as an integer of seconds); only paused runs are
        // read, through the (status, created_at) index.
        var pastDeadline = await db.Database.SqlQuery<Guid>($"""
            SELECT id AS "Value" FROM flex_runs
            WHERE status IN ({RunStatus.AwaitingHitl.ToWire()}, {RunStatus.AwaitingHuman.ToWire()})
              AND jsonb_typeof(envelope->'constraints'->'deadlineSeconds') = 'number'
              AND created_at + make_interval(secs => (envelope->'constraints'->>'deadlineSeconds')::double precision) < {now}
            ORDER BY created_at LIMIT {Batch}
            """).ToListAsync(ct);
        foreach (var runId in pastDeadline)
        {
            await grains.GetGrain<IRunGrain>(runId).ExpireDeadlineAsync();
        }
    }
}
