using FlexAspire.Api.Hitl;
using FlexAspire.Api.Runs.Journal;
using FlexAspire.Api.Runs.Policies;

namespace FlexAspire.Api.Runs.Execution;

/// Executes one run from wherever it stands: plans it if it has no plan yet, runs the plan's remaining nodes, and
/// records how it ended. Safe to call again for a run that was interrupted: completed nodes are never re-run.
public sealed class RunExecutor(
    IServiceScopeFactory scopes,
    NewRunStates newRuns,
    JournalWriter writer,
    RunPlanning planning,
    RunReplans replans,
    PlanScheduler scheduler,
    PolicyActions policies,
    RunCompletion completion,
    TimeProvider clock,
    RunTelemetry telemetry,
    ILogger<RunExecutor> logger)
{
    /// Called by the run's grain only, so one execution of a run exists in the whole cluster at a time. Returns the
    /// status the execution's last `complete` reported (null when it wrote none: interrupted, or nothing to do).
    public async Task<RunStatus?> ExecuteAsync(Guid runId, string why, CancellationToken runCt, CancellationToken stoppingToken)
    {
        var journal = new RunJournal(writer, telemetry, runId);
        try
        {
            var state = newRuns.Take(runId) ?? await RunState.LoadAsync(scopes, runId, stoppingToken);
            if (state is null || state.Run.Status.IsTerminal())
            {
                return state?.Run.Status;
            }
            if (PausedRuns.IsPaused(state.Run))
            {
                // Only an answer (which sets it `running` first) continues a paused run; an execution asked for while
                // it waits would run its paused node again. Seen once in a full test run, trigger not found.
                logger.LogWarning("Run {RunId} is {Status}: an execution was asked for ({Why}) while it waits for people; nothing is executed",
                    runId, state.Run.Status.ToWire(), why);
                return state.Run.Status;
            }
            journal.Seed(state.Run.LastSeq);
            var resumed = state.Plan is not null || state.Run.Status != RunStatus.Pending;
            using var activity = RunTelemetry.StartRun(state.Run, resumed);
            using var logScope = logger.BeginScope(new Dictionary<string, object?>
            {
                [TelemetryAttributes.RunId] = runId.ToString(),
                [TelemetryAttributes.CorrelationId] = state.Run.CorrelationId,
            });
            telemetry.ActiveRuns.Add(1);
            try
            {
                if (resumed && activity is not null)
                {
                    // Frames written from now on carry this execution's trace; the next resumption links to it.
                    await journal.WriteAsync((_, run) => RememberTrace(run, activity), [], runCt);
                }
                var deadline = RunBudget.Deadline(state.Envelope, state.Run.CreatedAt);
                using var overdue = new CancellationTokenSource();
                if (deadline is { } due)
                {
                    var left = due - clock.GetUtcNow();
                    if (left <= TimeSpan.Zero) await overdue.CancelAsync();
                    else overdue.CancelAfter(left);
                }
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(runCt, overdue.Token);
                try
                {
                    await DriveAsync(journal, state, linked.Token);
                }
                catch (OperationCanceledException) when (overdue.IsCancellationRequested && !runCt.IsCancellationRequested)
                {
                    var error = RunBudget.DeadlineReached(deadline!.Value);
                    await completion.TerminateAsync(journal, RunStatus.Failed, new CompletePayload { Status = RunStatus.Failed, Error = error }, error.Message);
                }
            }
            finally
            {
                telemetry.ActiveRuns.Add(-1);
                var ended = journal.CompletedStatus ?? (runCt.IsCancellationRequested ? RunStatus.Cancelled : null);
                RunTelemetry.EndRun(activity, ended, journal.CompletedErrorCode);
                logger.LogInformation("Run {RunId} execution ({Why}) ended: {Status}", runId, why, ended?.ToWire() ?? "interrupted");
            }
        }
        catch (OperationCanceledException) when (runCt.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            await completion.TerminateAsync(journal, RunStatus.Cancelled, new CompletePayload { Status = RunStatus.Cancelled }, "Run cancelled");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The replica is stopping: the run stays `running`; its reminder continues it on another activation.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Run {RunId} failed unexpectedly", runId);
            await completion.TerminateAsync(journal, RunStatus.Failed, new CompletePayload
            {
                Status = RunStatus.Failed,
                Error = new FlexError { Code = RunCompletion.InternalErrorCode, Message = "The run stopped on an unexpected error; see the API logs." },
            }, "Run failed");
        }
        return journal.CompletedStatus;
    }

    /// Plans (or continues the stored plan), applies onStart policies, runs the plan and every new version of it.
    private async Task DriveAsync(RunJournal journal, RunState state, CancellationToken ct)
    {
        var plan = state.Plan ?? await planning.PlanAsync(journal, state, ct);
        // onStart policies that act change the run, so it is read again; when none acts (no onStart policy, or none
        // matched) the state is still true: a plan just recorded has only pending nodes, which are not read from it.
        if (plan is { Version: 1 } && state.Nodes.Values.All(n => n.Status == NodeStatus.Pending)
            && await policies.OnStartAsync(state, ct) is var onStart && onStart is not PolicyDecision.GoOn { Frames.Count: 0, Change: null })
        {
            plan = await OnStartAsync(journal, state, plan, onStart, ct);
            state = await ReloadAsync(journal, ct);
        }
        else if (plan is not null && RunReplans.OwedAfterFailure(state, plan) is { } owed)
        {
            plan = await replans.WithinBoundAsync(journal, state, plan, owed, ct);
            state = await ReloadAsync(journal, ct);
        }
        while (plan is not null)
        {
            var outcome = await scheduler.RunAsync(journal, state, plan, ct);
            if (outcome is ScheduleOutcome.Replan replan)
            {
                state = await ReloadAsync(journal, ct);
                plan = await replans.WithinBoundAsync(journal, state, plan, replan.Cause, ct);
                state = await ReloadAsync(journal, ct);
                continue;
            }
            IReadOnlyList<GoalConditionResult>? goals = null;
            if (outcome is ScheduleOutcome.Completed completed && state.Envelope.GoalConditions is { Count: > 0 } conditions)
            {
                goals = GoalConditionEvaluator.EvaluateAll(conditions, completed.Facets);
                if (goals.Any(g => !g.Satisfied))
                {
                    // The replan reads the nodes as they ended, and the new plan runs from the rows it wrote.
                    state = await ReloadAsync(journal, ct);
                    plan = await replans.AfterGoalsFailedAsync(journal, state, plan, goals, ct);
                    state = await ReloadAsync(journal, ct);
                    continue;
                }
            }
            await completion.FinishAsync(journal, state, plan, outcome, goals, ct);
            break;
        }
    }

    /// Reads the run back once everything this execution queued is committed (node results are pipelined).
    private async Task<RunState> ReloadAsync(RunJournal journal, CancellationToken ct)
    {
        await journal.FlushAsync(ct);
        return await RunState.LoadAsync(scopes, journal.RunId, ct) ?? throw new InvalidOperationException($"Run {journal.RunId} is gone.");
    }

    /// onStart policies, before the first node of the first plan starts: the plan to run (a new one after `replan`),
    /// or null when the run stopped (failed, or paused for a person).
    private async Task<FlexPlan?> OnStartAsync(RunJournal journal, RunState state, FlexPlan plan, PolicyDecision decision, CancellationToken ct)
    {
        switch (decision)
        {
            case PolicyDecision.Ask ask:
                await journal.WriteAsync(async (db, run) =>
                {
                    if (ask.Step.Change is not null) await ask.Step.Change(db, run);
                    run.Status = RunStatus.AwaitingHitl;
                }, [.. ask.Frames, RunFrames.Complete(new CompletePayload { Status = RunStatus.AwaitingHitl, Pending = [ask.Pending] })], ct);
                return null;
            case PolicyDecision.Fail fail:
                await completion.FailAsync(journal, fail.Error, fail.Frames, ct);
                return null;
            case PolicyDecision.Replan replan:
                await journal.WriteAsync(null, replan.Frames, ct);
                return await replans.WithinBoundAsync(journal, state, plan, replan.Cause, ct);
            case var goOn:
                if (goOn.Frames.Count > 0 || goOn.Change is not null)
                    await journal.WriteAsync(goOn.Change, goOn.Frames, ct);
                return plan;
        }
    }

    private static Task RememberTrace(RunEntity run, Activity activity)
    {
        run.TraceId = activity.TraceId.ToString();
        run.TraceParentSpanId = activity.SpanId.ToString();
        return Task.CompletedTask;
    }
}
