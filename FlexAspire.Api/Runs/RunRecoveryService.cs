using FlexAspire.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlexAspire.Api.Runs;

/// Picks up runs that no live instance executes: left `pending`/`running` by a process that stopped or died
/// (their lease is gone or lapsed). Looks at start-up and then every lease period.
public sealed class RunRecoveryService(IServiceScopeFactory scopes, RunCoordinator coordinator, IOptions<RunOptions> options,
    TimeProvider clock, ILogger<RunRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
                var now = clock.GetUtcNow();
                var orphans = await db.Runs.AsNoTracking()
                    .Where(r => (r.Status == RunStatusNames.Pending || r.Status == RunStatusNames.Running)
                                && (r.LeaseOwner == null || r.LeaseExpiresAt < now))
                    .OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(options.Value.MaxBacklog).ToListAsync(stoppingToken);
                foreach (var runId in orphans)
                {
                    coordinator.EnqueueRecovered(runId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Looking for runs to recover failed; trying again later");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
