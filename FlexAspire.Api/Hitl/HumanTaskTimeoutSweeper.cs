using FlexAspire.Api.Data;
using FlexAspire.Api.Runs;
using FlexAspire.Api.Runs.Execution;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Hitl;
using FlexAspire.Contracts.Runs;
using FlexAspire.Contracts.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlexAspire.Api.Hitl;

/// Enforces human task timeouts (`timeoutSeconds`): a task past its due time expires and its run fails with
/// `human_task_timeout`, unless the envelope has a runtime policy `{trigger: onTimeout, action: hitl}` for the node,
/// which escalates it to a HITL request instead. Every API replica sweeps; the expiry itself is a call on the run's
/// grain, so it happens once, in order with the run's other commands.
public sealed class HumanTaskTimeoutSweeper(IServiceScopeFactory scopes, IGrainFactory grains, IOptions<HitlOptions> options,
    TimeProvider clock, ILogger<HumanTaskTimeoutSweeper> logger) : BackgroundService
{
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
                logger.LogWarning(ex, "Looking for overdue human tasks failed; trying again later");
            }
        }
    }

    public async Task SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow();
        var overdue = await scope.ServiceProvider.GetRequiredService<FlexDbContext>().HumanTasks.AsNoTracking()
            .Where(t => t.Status == HumanTaskStatus.Pending && t.DueAt < now)
            .OrderBy(t => t.DueAt).Select(t => new { t.Id, t.RunId }).Take(100).ToListAsync(ct);
        foreach (var task in overdue)
        {
            await grains.GetGrain<IRunGrain>(task.RunId).ExpireTaskAsync(task.Id);
        }
    }
}
