using FlexAspire.Api.Data;
using FlexAspire.Api.Runs;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Runs;
using FlexAspire.Contracts.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlexAspire.Api.Hitl;

/// Enforces human task timeouts (`timeoutSeconds`): a task past its due time expires and its run fails with
/// `human_task_timeout`, unless the envelope has a runtime policy `{trigger: onTimeout, action: hitl}` for the node,
/// which escalates it to a HITL request instead. Any API replica may sweep: the run row's version keeps it once.
public sealed class HumanTaskTimeoutSweeper(IServiceScopeFactory scopes, IOptions<HitlOptions> options, TimeProvider clock,
    ILogger<HumanTaskTimeoutSweeper> logger) : BackgroundService
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
        List<Guid> overdue;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow();
            overdue = await scope.ServiceProvider.GetRequiredService<FlexDbContext>().HumanTasks.AsNoTracking()
                .Where(t => t.Status == HumanTaskStatuses.Pending && t.DueAt < now)
                .OrderBy(t => t.DueAt).Select(t => t.Id).Take(100).ToListAsync(ct);
        }
        foreach (var taskId in overdue)
        {
            await ExpireAsync(taskId, ct);
        }
    }

    private async Task ExpireAsync(Guid taskId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var task = await db.HumanTasks.FindAsync([taskId], ct);
        var run = task is null ? null : await db.Runs.FindAsync([task.RunId], ct);
        if (task is null || run is null || task.Status != HumanTaskStatuses.Pending)
            return;
        var now = clock.GetUtcNow();
        var writer = scope.ServiceProvider.GetRequiredService<PausedRunWriter>();
        if (!PausedRunWriter.IsPaused(run))
        {
            task.Status = RunStatusNames.IsTerminal(run.Status) ? HumanTaskStatuses.Cancelled : task.Status;
            await db.SaveChangesAsync(ct);
            return;
        }
        var decliner = scope.ServiceProvider.GetRequiredService<TaskDecliner>();
        var why = $"The task for node {task.NodeId} was not answered within its timeout (due {task.DueAt:O})";
        task.Status = HumanTaskStatuses.Expired;
        task.UpdatedAt = now;
        List<Runs.PendingFrame> frames;
        if (EscalatesOnTimeout(run, task))
        {
            var pending = (await writer.StoredPendingAsync(run.Id, ct)).Where(p => p.TaskId != task.Id.ToString()).ToList();
            // Reopening after an escalation looks for a declined task.
            task.Status = HumanTaskStatuses.Declined;
            task.DueAt = null;
            frames = await decliner.EscalateAsync(run, task, why, pending, now, ct);
        }
        else
        {
            frames = await decliner.FailAsync(run, task, HumanTaskStatuses.Expired, new FlexError { Code = "human_task_timeout", Message = why + "." }, now, ct);
        }
        if (!await writer.CommitAsync(run, frames, ct))
            logger.LogInformation("Run {RunId} changed while its task {TaskId} timed out; leaving it to the next sweep", run.Id, task.Id);
    }

    private static bool EscalatesOnTimeout(RunEntity run, HumanTaskEntity task)
    {
        var envelope = System.Text.Json.JsonSerializer.Deserialize(run.Envelope, FlexJsonContext.Default.TaskEnvelope);
        return envelope?.Policies?.Runtime?.Any(p => p.Enabled && p.Trigger.Kind == TriggerKind.OnTimeout && p.Action.Type == PolicyActionType.Hitl
            && (p.Trigger.Selector is null || p.Trigger.Selector.ToJsonString().Contains(task.NodeId, StringComparison.Ordinal)
                || p.Trigger.Selector.ToJsonString().Contains(task.CapabilityId, StringComparison.Ordinal))) == true;
    }
}
