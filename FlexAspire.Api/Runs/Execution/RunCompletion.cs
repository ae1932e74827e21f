namespace FlexAspire.Api.Runs.Execution;

/// How a run's execution ends, written to its journal with the `complete` frame that reports it.
public sealed class RunCompletion(TimeProvider clock, IHumanInTheLoop? hitl = null)
{
    /// The schedule's outcome: `failed`, paused for people (`awaiting_human`, or `awaiting_hitl` when a request is
    /// pending), or completed: the final output resolved against the caller's contract, offered for approval when a
    /// policy asks, then recorded.
    public async Task FinishAsync(RunJournal journal, RunState state, FlexPlan plan, ScheduleOutcome outcome,
        IReadOnlyList<GoalConditionResult>? goals, CancellationToken ct)
    {
        switch (outcome)
        {
            case ScheduleOutcome.Failed failed:
                await TerminateAsync(journal, RunStatus.Failed, new CompletePayload { Status = RunStatus.Failed, Error = failed.Error }, failed.Error.Message);
                return;
            case ScheduleOutcome.AwaitingHuman waiting:
                var asksHitl = waiting.Pending.Any(p => p.Kind == PendingKind.Hitl);
                await journal.WriteAsync((_, run) => { run.Status = asksHitl ? RunStatus.AwaitingHitl : RunStatus.AwaitingHuman; return Task.CompletedTask; },
                    [RunFrames.Complete(new CompletePayload { Status = asksHitl ? RunStatus.AwaitingHitl : RunStatus.AwaitingHuman, Pending = waiting.Pending })], ct);
                return;
            case ScheduleOutcome.Completed completed:
                var final = FinalOutputResolver.Resolve(state.Envelope, plan, completed.Facets, completed.NodeOutputs);
                if (final.Errors.Count > 0)
                {
                    var error = new FlexError { Code = "final_output_invalid", Message = "The run's output does not satisfy the caller's contract." };
                    await FailAsync(journal, error,
                    [
                        new PendingFrame(FlexEventTypes.ValidationError, Message: error.Message, Payload: RunFrames.Payload(new ValidationErrorPayload
                            { Scope = ValidationScope.FinalOutput, Attempt = 1, Errors = final.Errors }, FlexJsonContext.Default.ValidationErrorPayload)),
                    ], ct);
                    return;
                }
                IReadOnlyList<PendingFrame> approvalFrames = [];
                Func<FlexDbContext, RunEntity, Task>? approvalChange = null;
                if (hitl is not null && await hitl.ReviewFinalOutputAsync(state, final.Value!, ct) is { } approval)
                {
                    if (approval.Error is { } refused)
                    {
                        await FailAsync(journal, refused, approval.Frames, ct, change: approval.Change);
                        return;
                    }
                    if (approval.Pending is { } pending)
                    {
                        await journal.WriteAsync(async (db, run) => { if (approval.Change is not null) await approval.Change(db, run); run.Status = RunStatus.AwaitingHitl; },
                            [.. approval.Frames, RunFrames.Complete(new CompletePayload { Status = RunStatus.AwaitingHitl, Pending = [pending] })], ct);
                        return;
                    }
                    (approvalChange, approvalFrames) = (approval.Change, approval.Frames);
                }
                var outputJson = final.Value!.ToJsonString();
                await journal.WriteAsync(async (db, run) =>
                {
                    if (approvalChange is not null) await approvalChange(db, run);
                    run.Status = RunStatus.Completed;
                    run.Output = outputJson;
                    run.CompletedAt = clock.GetUtcNow();
                    db.RunOutputs.Add(new RunOutputEntity { RunId = run.Id, Name = "$final", PlanVersion = plan.Version, Value = outputJson, CreatedAt = clock.GetUtcNow() });
                }, [.. approvalFrames, RunFrames.Complete(new CompletePayload { Status = RunStatus.Completed, Output = final.Value, GoalConditionResults = goals })], ct);
                return;
        }
    }

    /// The code of a run that stopped on an unexpected error (the API's logs say which).
    public const string InternalErrorCode = "internal_error";

    /// The run ends however far it got (cancelled, past its deadline, an unexpected error); nodes not finished are
    /// recorded `cancelled` when it was cancelled, ran out of time or stopped on an unexpected error (after a node's
    /// own failure the scheduler has already settled the others). Not cancellable: the run's `complete` is always written.
    public Task TerminateAsync(RunJournal journal, RunStatus status, CompletePayload payload, string message) =>
        journal.WriteAsync(async (db, run) =>
        {
            if (status == RunStatus.Cancelled || payload.Error?.Code is "deadline_exceeded" or InternalErrorCode)
            {
                await RunCancellation.CancelUnfinishedNodesAsync(db, run.Id);
            }
            Ended(run, status, payload.Error, clock.GetUtcNow());
        }, [RunFrames.Complete(payload, message)], CancellationToken.None);

    /// The run fails with `error`: `frames` (what led to it) and `complete{failed}` are written with the row's change
    /// (after `change`, when the failure comes with one) in one unit.
    public Task FailAsync(RunJournal journal, FlexError error, IReadOnlyList<PendingFrame> frames, CancellationToken ct,
        IReadOnlyList<GoalConditionResult>? goals = null, Func<FlexDbContext, RunEntity, Task>? change = null) =>
        journal.WriteAsync(async (db, run) =>
        {
            if (change is not null) await change(db, run);
            Ended(run, RunStatus.Failed, error, clock.GetUtcNow());
        }, [.. frames, RunFrames.Complete(new CompletePayload { Status = RunStatus.Failed, Error = error, GoalConditionResults = goals })], ct);

    /// The run's row once it ended: its status, when, and why it failed.
    public static void Ended(RunEntity run, RunStatus status, FlexError? error, DateTimeOffset now)
    {
        run.Status = status;
        run.CompletedAt = now;
        if (error is not null)
        {
            run.Error = JsonSerializer.Serialize(error, FlexJsonContext.Default.FlexError);
        }
    }
}
