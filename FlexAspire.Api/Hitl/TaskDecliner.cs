namespace FlexAspire.Api.Hitl;

/// A person declines a task; the capability's `onDecline` decides what follows: `fail_run` fails the run,
/// `requeue` reopens the task for the role (unassigned), `escalate` asks for a decision in a HITL request.
public sealed class TaskDecliner(FlexDbContext db, PausedRuns paused, HitlRaiser raiser, TimeProvider clock)
{
    /// `POST tasks/{id}/decline`, in the run's grain.
    public async Task<ResumeOutcome> DeclineAsync(Guid runId, Guid taskId, DeclineTaskRequest decline, string? by, CancellationToken ct)
    {
        var task = await db.HumanTasks.FindAsync([taskId], ct);
        var run = await db.Runs.FindAsync([runId], ct);
        return task is null || run is null || task.RunId != runId
            ? new ResumeOutcome.NotFound($"No human task {taskId}.")
            : await DeclineAsync(run, task, decline, by, ct);
    }

    public async Task<ResumeOutcome> DeclineAsync(RunEntity run, HumanTaskEntity task, DeclineTaskRequest decline, string? by, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(decline.Reason))
            return ResumeOutcome.Field("reason", "A decline needs a reason.");
        if (task.Status != HumanTaskStatus.Pending || !PausedRuns.IsPaused(run))
            return new ResumeOutcome.Conflict($"Task {task.Id} is {task.Status.ToWire()} and run {run.Id} is {run.Status.ToWire()}; it cannot be declined.");

        var seqBefore = run.LastSeq;
        var now = clock.GetUtcNow();
        List<PendingFrame> frames = [new(FlexEventTypes.Log, task.NodeId, $"Task {task.Id} declined: {decline.Reason}", new()
        {
            ["taskId"] = task.Id.ToString(), ["reason"] = decline.Reason, ["note"] = decline.Note, ["operator"] = by, ["onDecline"] = task.OnDecline,
        })];
        var pending = (await paused.StoredPendingAsync(run.Id, ct)).Where(p => p.TaskId != task.Id.ToString()).ToList();
        task.DeclineReason = decline.Reason;
        task.Declines++;
        task.UpdatedAt = now;
        switch (task.OnDecline)
        {
            case "requeue":
                task.AssignedTo = null;
                pending.Add(HumanTaskViews.Pending(task));
                frames.Add(PausedRuns.Await(run, pending));
                break;
            case "escalate":
                task.Status = HumanTaskStatus.Declined;
                frames.AddRange(await EscalateAsync(run, task, $"Task for {task.NodeId} was declined: {decline.Reason}", pending, now, ct));
                break;
            default:
                frames.AddRange(await FailAsync(run, task, HumanTaskStatus.Declined,
                    new FlexError { Code = "task_declined", Message = $"The task for node {task.NodeId} was declined: {decline.Reason}" }, now, ct));
                break;
        }
        return await paused.CommitAsync(run, frames, ct)
            ? new ResumeOutcome.Continued(run.Id, seqBefore)
            : new ResumeOutcome.Conflict($"Run {run.Id} changed at the same time; try again.");
    }

    /// Asks a person whether to reopen the task (approve) or fail the run (reject). A request beyond the per-run
    /// bound cannot be asked, so the run fails.
    public async Task<List<PendingFrame>> EscalateAsync(RunEntity run, HumanTaskEntity task, string why, List<PendingWork> pending, DateTimeOffset now, CancellationToken ct)
    {
        var step = await raiser.RaiseAsync(db, run.Id, new HitlQuestion($"{why}. Approve to reopen the task, reject to fail the run.",
            HitlKind.Approval, HitlPurposes.Escalation, task.NodeId, Urgency: HitlUrgency.High), ct);
        if (step.Change is not null)
            await step.Change(db, run);
        if (step.Pending is null)
            return [.. step.Frames, .. await FailAsync(run, task, task.Status, new FlexError { Code = "task_declined", Message = why }, now, ct)];
        pending.Insert(0, step.Pending);
        return [.. step.Frames, PausedRuns.Await(run, pending)];
    }

    public async Task<List<PendingFrame>> FailAsync(RunEntity run, HumanTaskEntity task, HumanTaskStatus taskStatus, FlexError error, DateTimeOffset now, CancellationToken ct)
    {
        await paused.CloseOpenWorkAsync(run.Id, now, ct);
        task.Status = taskStatus; // after CloseOpenWork, which would mark it cancelled
        if (await db.PlanNodes.FindAsync([run.Id, task.NodeId], ct) is { } node)
        {
            node.Status = NodeStatus.Error;
            node.CompletedAt = now;
        }
        paused.Fail(run, error);
        await LegacyRunMirror.UpdateAsync(db, run, RunStatus.Failed, now);
        return
        [
            new(FlexEventTypes.NodeError, task.NodeId, error.Message, RunFrames.Payload(new NodeErrorPayload { Error = error, Attempt = 1, Retryable = false }, FlexJsonContext.Default.NodeErrorPayload)),
            RunFrames.Complete(new CompletePayload { Status = RunStatus.Failed, Error = error }),
        ];
    }
}
