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
                    [RunExecutor.Complete(new CompletePayload { Status = asksHitl ? RunStatus.AwaitingHitl : RunStatus.AwaitingHuman, Pending = waiting.Pending })], ct);
                return;
            case ScheduleOutcome.Completed completed:
                var final = FinalOutputResolver.Resolve(state.Envelope, plan, completed.Facets, completed.NodeOutputs);
                if (final.Errors.Count > 0)
                {
                    var error = new FlexError { Code = "final_output_invalid", Message = "The run's output does not satisfy the caller's contract." };
                    await journal.WriteAsync((_, run) => Fail(run, error.Code, error.Message),
                    [
                        new PendingFrame(FlexEventTypes.ValidationError, Message: error.Message, Payload: RunExecutor.Payload(new ValidationErrorPayload
                            { Scope = ValidationScope.FinalOutput, Attempt = 1, Errors = final.Errors }, FlexJsonContext.Default.ValidationErrorPayload)),
                        RunExecutor.Complete(new CompletePayload { Status = RunStatus.Failed, Error = error }),
                    ], ct);
                    return;
                }
                IReadOnlyList<PendingFrame> approvalFrames = [];
                Func<FlexDbContext, RunEntity, Task>? approvalChange = null;
                if (hitl is not null && await hitl.ReviewFinalOutputAsync(state, final.Value!, ct) is { } approval)
                {
                    if (approval.Error is { } refused)
                    {
                        await journal.WriteAsync(async (db, run) => { if (approval.Change is not null) await approval.Change(db, run); await Fail(run, refused.Code, refused.Message); },
                            [.. approval.Frames, RunExecutor.Complete(new CompletePayload { Status = RunStatus.Failed, Error = refused })], ct);
                        return;
                    }
                    if (approval.Pending is { } pending)
                    {
                        await journal.WriteAsync(async (db, run) => { if (approval.Change is not null) await approval.Change(db, run); run.Status = RunStatus.AwaitingHitl; },
                            [.. approval.Frames, RunExecutor.Complete(new CompletePayload { Status = RunStatus.AwaitingHitl, Pending = [pending] })], ct);
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
                }, [.. approvalFrames, RunExecutor.Complete(new CompletePayload { Status = RunStatus.Completed, Output = final.Value, GoalConditionResults = goals })], ct);
                return;
        }
    }

    /// The run ends however far it got (cancelled, past its deadline, an unexpected error); nodes not finished are
    /// recorded `cancelled` when it was cancelled or ran out of time. Not cancellable: the run's `complete` is always written.
    public Task TerminateAsync(RunJournal journal, RunStatus status, CompletePayload payload, string message) =>
        journal.WriteAsync(async (db, run) =>
        {
            if (status == RunStatus.Cancelled || payload.Error?.Code == "deadline_exceeded")
            {
                await RunCancellation.CancelUnfinishedNodesAsync(db, run.Id);
            }
            run.Status = status;
            run.CompletedAt = clock.GetUtcNow();
            if (payload.Error is { } error)
            {
                run.Error = JsonSerializer.Serialize(error, FlexJsonContext.Default.FlexError);
            }
        }, [RunExecutor.Complete(payload, message)], CancellationToken.None);

    private Task Fail(RunEntity run, string code, string message) => RunExecutor.Fail(run, new FlexError { Code = code, Message = message }, clock);
}
