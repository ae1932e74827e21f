using FlexAspire.Api.Runs.Policies;

namespace FlexAspire.Api.Hitl;

/// Expires one overdue human task, in its run's grain: the run fails with `human_task_timeout`, or as an `onTimeout`
/// policy for the node says: `hitl` / `pause` wait for an escalation request instead, `fail` fails with its message,
/// `replan` records the node failed and lets the run go on to its next plan version.
public sealed class HumanTaskTimeouts(FlexDbContext db, PausedRuns paused, TaskDecliner decliner, TimeProvider clock,
    ILogger<HumanTaskTimeouts> logger)
{
    /// True when the run goes on (a `replan` policy): the caller starts executing it.
    public async Task<bool> ExpireAsync(Guid runId, Guid taskId, CancellationToken ct)
    {
        var task = await db.HumanTasks.FindAsync([taskId], ct);
        var run = await db.Runs.FindAsync([runId], ct);
        if (task is null || run is null || task.RunId != runId || task.Status != HumanTaskStatus.Pending || task.DueAt is not { } due || due > clock.GetUtcNow())
            return false;
        var now = clock.GetUtcNow();
        if (!PausedRuns.IsPaused(run))
        {
            task.Status = run.Status.IsTerminal() ? HumanTaskStatus.Cancelled : task.Status;
            await paused.CommitAsync(run, [], ct);
            return false;
        }
        var why = $"The task for node {task.NodeId} was not answered within its timeout (due {task.DueAt:O})";
        task.Status = HumanTaskStatus.Expired;
        task.UpdatedAt = now;
        List<Runs.PendingFrame> frames;
        var envelope = JsonSerializer.Deserialize(run.Envelope, FlexJsonContext.Default.TaskEnvelope)!;
        var facets = envelope.Inputs?.DeepClone().AsObject() ?? [];
        foreach (var (name, value) in JsonNode.Parse(task.Inputs) as JsonObject ?? [])
            facets[name] = value?.DeepClone();
        var matching = RuntimePolicies.Matching(envelope, TriggerKind.OnTimeout, task.NodeId, task.CapabilityId, facets);
        var policy = RuntimePolicies.Steering(matching);
        List<Runs.PendingFrame> policyFrames = [.. RuntimePolicies.Emitted(matching, task.NodeId), .. policy is null || policy.Action.Type == PolicyActionType.Replan ? [] : new[] { RuntimePolicies.Triggered(policy, task.NodeId) }];
        if (policy?.Action.Type == PolicyActionType.Replan)
        {
            // The run executes again: it finds this node failed under the current plan and replans (RunExecutor),
            // avoiding the capability where the planner has another producer. Other open work stays open.
            var error = new FlexError { Code = "human_task_timeout", Message = why + "." };
            if (await db.PlanNodes.FindAsync([run.Id, task.NodeId], ct) is { } node)
            {
                (node.Status, node.CompletedAt, node.Error) = (NodeStatus.Error, now, JsonSerializer.Serialize(error, FlexJsonContext.Default.FlexError));
            }
            run.Status = RunStatus.Running;
            frames =
            [
                .. policyFrames,
                new(FlexEventTypes.NodeError, task.NodeId, error.Message, RunFrames.Payload(
                    new NodeErrorPayload { Error = error, Attempt = 1, Retryable = false }, FlexJsonContext.Default.NodeErrorPayload)),
                RuntimePolicies.Triggered(policy, task.NodeId),
            ];
            if (await paused.CommitAsync(run, frames, ct))
                return true;
            logger.LogInformation("Run {RunId} changed while its task {TaskId} timed out; leaving it to the next sweep", run.Id, task.Id);
            return false;
        }
        if (policy?.Action.Type is PolicyActionType.Hitl or PolicyActionType.Pause)
        {
            var pending = (await paused.StoredPendingAsync(run.Id, ct)).Where(p => p.TaskId != task.Id.ToString()).ToList();
            // Reopening after an escalation looks for a declined task.
            task.Status = HumanTaskStatus.Declined;
            task.DueAt = null;
            frames = await decliner.EscalateAsync(run, task, why, pending, now, ct);
        }
        else
        {
            var error = policy?.Action.Type == PolicyActionType.Fail
                ? new FlexError { Code = "policy_failed", Message = RuntimePolicies.Text(policy, "message") ?? $"Policy {policy.Id}: {why}." }
                : new FlexError { Code = "human_task_timeout", Message = why + "." };
            frames = await decliner.FailAsync(run, task, HumanTaskStatus.Expired, error, now, ct);
        }
        frames.InsertRange(0, policyFrames);
        if (!await paused.CommitAsync(run, frames, ct))
            logger.LogInformation("Run {RunId} changed while its task {TaskId} timed out; leaving it to the next sweep", run.Id, task.Id);
        return false;
    }
}
