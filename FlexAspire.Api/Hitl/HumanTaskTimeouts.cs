using FlexAspire.Api.Data;
using FlexAspire.Api.Runs;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Runs;
using FlexAspire.Contracts.Serialization;

namespace FlexAspire.Api.Hitl;

/// Expires one overdue human task, in its run's grain: the run fails with `human_task_timeout`, or, with an
/// `onTimeout` policy for the node, waits for an escalation request instead.
public sealed class HumanTaskTimeouts(FlexDbContext db, PausedRuns paused, TaskDecliner decliner, TimeProvider clock,
    ILogger<HumanTaskTimeouts> logger)
{
    public async Task ExpireAsync(Guid runId, Guid taskId, CancellationToken ct)
    {
        var task = await db.HumanTasks.FindAsync([taskId], ct);
        var run = await db.Runs.FindAsync([runId], ct);
        if (task is null || run is null || task.RunId != runId || task.Status != HumanTaskStatuses.Pending || task.DueAt is not { } due || due > clock.GetUtcNow())
            return;
        var now = clock.GetUtcNow();
        if (!PausedRuns.IsPaused(run))
        {
            task.Status = RunStatusNames.IsTerminal(run.Status) ? HumanTaskStatuses.Cancelled : task.Status;
            await paused.CommitAsync(run, [], ct);
            return;
        }
        var why = $"The task for node {task.NodeId} was not answered within its timeout (due {task.DueAt:O})";
        task.Status = HumanTaskStatuses.Expired;
        task.UpdatedAt = now;
        List<Runs.PendingFrame> frames;
        if (EscalatesOnTimeout(run, task))
        {
            var pending = (await paused.StoredPendingAsync(run.Id, ct)).Where(p => p.TaskId != task.Id.ToString()).ToList();
            // Reopening after an escalation looks for a declined task.
            task.Status = HumanTaskStatuses.Declined;
            task.DueAt = null;
            frames = await decliner.EscalateAsync(run, task, why, pending, now, ct);
        }
        else
        {
            frames = await decliner.FailAsync(run, task, HumanTaskStatuses.Expired, new FlexError { Code = "human_task_timeout", Message = why + "." }, now, ct);
        }
        if (!await paused.CommitAsync(run, frames, ct))
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
