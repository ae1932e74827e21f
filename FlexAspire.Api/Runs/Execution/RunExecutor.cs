using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Api.Data;
using FlexAspire.Api.Runs.Planning;
using FlexAspire.Api.Runs.Journal;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Events;
using FlexAspire.Contracts.Plans;
using FlexAspire.Contracts.Runs;
using FlexAspire.Contracts.Serialization;
using Microsoft.EntityFrameworkCore;

namespace FlexAspire.Api.Runs.Execution;

/// Executes one run from wherever it stands: plans it if it has no plan yet, runs the plan's remaining nodes, and
/// records how it ended. Safe to call again for a run that was interrupted: completed nodes are never re-run.
public sealed class RunExecutor(
    IServiceScopeFactory scopes,
    JournalWriter writer,
    PlannerClient planner,
    PlanScheduler scheduler,
    TimeProvider clock,
    ILogger<RunExecutor> logger,
    IHumanInTheLoop? hitl = null)
{
    /// Called by the run's grain only, so one execution of a run exists in the whole cluster at a time. Returns the
    /// status the execution's last `complete` reported (null when it wrote none: interrupted, or nothing to do).
    public async Task<string?> ExecuteAsync(Guid runId, CancellationToken runCt, CancellationToken stoppingToken)
    {
        var journal = new RunJournal(writer, runId);
        try
        {
            var state = await RunState.LoadAsync(scopes, runId, stoppingToken);
            if (state is null || RunStatusNames.IsTerminal(state.Run.Status))
            {
                return state?.Run.Status;
            }
            journal.Seed(state.Run.LastSeq);
            var resumed = state.Plan is not null || state.Run.Status != RunStatusNames.Pending;
            using var activity = RunTelemetry.StartRun(state.Run, resumed);
            using var logScope = logger.BeginScope(new Dictionary<string, object?>
            {
                ["flex.run.id"] = runId.ToString(),
                ["flex.correlation_id"] = state.Run.CorrelationId,
            });
            RunTelemetry.ActiveRuns.Add(1);
            try
            {
                if (resumed && activity is not null)
                {
                    // Frames written from now on carry this execution's trace; the next resumption links to it.
                    await journal.WriteAsync((_, run) => RememberTrace(run, activity), [], runCt);
                }
                var plan = state.Plan ?? await PlanAsync(journal, state, runCt);
                if (plan is not null)
                {
                    var outcome = await scheduler.RunAsync(journal, state, plan, runCt);
                    await FinishAsync(journal, state, plan, outcome, runCt);
                }
            }
            finally
            {
                RunTelemetry.ActiveRuns.Add(-1);
                var ended = journal.CompletedStatus ?? (runCt.IsCancellationRequested ? RunStatusNames.Cancelled : null);
                RunTelemetry.EndRun(activity, ended);
                logger.LogInformation("Run {RunId} execution ended: {Status}", runId, ended ?? "interrupted");
            }
        }
        catch (OperationCanceledException) when (runCt.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            await TerminateAsync(journal, RunStatusNames.Cancelled, new CompletePayload { Status = RunStatus.Cancelled }, "Run cancelled");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The replica is stopping: the run stays `running`; its reminder continues it on another activation.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Run {RunId} failed unexpectedly", runId);
            await TerminateAsync(journal, RunStatusNames.Failed, new CompletePayload
            {
                Status = RunStatus.Failed,
                Error = new FlexError { Code = "internal_error", Message = "The run stopped on an unexpected error; see the API logs." },
            }, "Run failed");
        }
        return journal.CompletedStatus;
    }

    private async Task<FlexPlan?> PlanAsync(RunJournal journal, RunState state, CancellationToken ct)
    {
        await journal.WriteAsync((_, run) => { run.Status = RunStatusNames.Running; return Task.CompletedTask; },
            [new PendingFrame(FlexEventTypes.PlanRequested, Message: "Planning",
                Payload: Payload(new PlanRequestedPayload { Phase = PlanPhase.Initial }, FlexJsonContext.Default.PlanRequestedPayload))], ct);

        var outcome = await planner.PlanAsync(new PlanRequest { Envelope = state.Envelope, Phase = PlanPhase.Initial, RunId = state.Run.Id.ToString() }, ct);
        if (outcome is PlanOutcome.Rejected rejected)
        {
            await journal.WriteAsync((_, run) => Fail(run, "plan_rejected", rejected.Detail),
            [
                new PendingFrame(FlexEventTypes.PlanRejected, Message: rejected.Detail,
                    Payload: Payload(new PlanRejectedPayload { Diagnostics = rejected.Diagnostics }, FlexJsonContext.Default.PlanRejectedPayload)),
                Complete(new CompletePayload { Status = RunStatus.Failed, Error = new FlexError { Code = "plan_rejected", Message = rejected.Detail } }),
            ], ct);
            return null;
        }

        var response = ((PlanOutcome.Planned)outcome).Response;
        var plan = response.Plan with { RunId = state.Run.Id.ToString(), Version = Math.Max(1, response.Plan.Version) };
        var planJson = JsonSerializer.Serialize(plan, FlexJsonContext.Default.FlexPlan);
        await journal.WriteAsync((db, run) =>
        {
            run.PlanVersion = plan.Version;
            db.PlanSnapshots.Add(new PlanSnapshotEntity { RunId = run.Id, Version = plan.Version, Plan = planJson, Phase = "initial", CreatedAt = clock.GetUtcNow() });
            foreach (var node in plan.Nodes)
            {
                db.PlanNodes.Add(new PlanNodeEntity
                {
                    RunId = run.Id,
                    NodeId = node.Id,
                    PlanVersion = plan.Version,
                    CapabilityId = node.CapabilityId,
                    Kind = JsonSerializer.SerializeToElement(node.Kind, FlexJsonContext.Default.CapabilityKind).GetString()!,
                    Status = "pending",
                    Definition = JsonSerializer.Serialize(node, FlexJsonContext.Default.PlanNode),
                });
            }
            return Task.CompletedTask;
        },
        [new PendingFrame(FlexEventTypes.PlanGenerated, Message: $"Plan v{plan.Version}: {plan.Nodes.Count} node(s)", PlanVersion: plan.Version,
            Payload: new JsonObject
            {
                ["plan"] = JsonSerializer.SerializeToNode(plan, FlexJsonContext.Default.FlexPlan),
                ["diagnostics"] = JsonSerializer.SerializeToNode(response.Diagnostics, FlexJsonContext.Default.IReadOnlyListPlanDiagnostic),
                ["attempts"] = response.Attempts,
            })], ct);
        return plan;
    }

    private async Task FinishAsync(RunJournal journal, RunState state, FlexPlan plan, ScheduleOutcome outcome, CancellationToken ct)
    {
        switch (outcome)
        {
            case ScheduleOutcome.Failed failed:
                await TerminateAsync(journal, RunStatusNames.Failed, new CompletePayload { Status = RunStatus.Failed, Error = failed.Error }, failed.Error.Message);
                return;
            case ScheduleOutcome.AwaitingHuman waiting:
                var asksHitl = waiting.Pending.Any(p => p.Kind == PendingKind.Hitl);
                await journal.WriteAsync((_, run) => { run.Status = asksHitl ? RunStatusNames.AwaitingHitl : RunStatusNames.AwaitingHuman; return Task.CompletedTask; },
                    [Complete(new CompletePayload { Status = asksHitl ? RunStatus.AwaitingHitl : RunStatus.AwaitingHuman, Pending = waiting.Pending })], ct);
                return;
            case ScheduleOutcome.Completed completed:
                var final = FinalOutputResolver.Resolve(state.Envelope, plan, completed.Facets, completed.NodeOutputs);
                if (final.Errors.Count > 0)
                {
                    var error = new FlexError { Code = "final_output_invalid", Message = "The run's output does not satisfy the caller's contract." };
                    await journal.WriteAsync((_, run) => Fail(run, error.Code, error.Message),
                    [
                        new PendingFrame(FlexEventTypes.ValidationError, Message: error.Message, Payload: Payload(new ValidationErrorPayload
                            { Scope = ValidationScope.FinalOutput, Attempt = 1, Errors = final.Errors }, FlexJsonContext.Default.ValidationErrorPayload)),
                        Complete(new CompletePayload { Status = RunStatus.Failed, Error = error }),
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
                            [.. approval.Frames, Complete(new CompletePayload { Status = RunStatus.Failed, Error = refused })], ct);
                        return;
                    }
                    if (approval.Pending is { } pending)
                    {
                        await journal.WriteAsync(async (db, run) => { if (approval.Change is not null) await approval.Change(db, run); run.Status = RunStatusNames.AwaitingHitl; },
                            [.. approval.Frames, Complete(new CompletePayload { Status = RunStatus.AwaitingHitl, Pending = [pending] })], ct);
                        return;
                    }
                    (approvalChange, approvalFrames) = (approval.Change, approval.Frames);
                }
                var outputJson = final.Value!.ToJsonString();
                await journal.WriteAsync(async (db, run) =>
                {
                    if (approvalChange is not null) await approvalChange(db, run);
                    run.Status = RunStatusNames.Completed;
                    run.Output = outputJson;
                    run.CompletedAt = clock.GetUtcNow();
                    db.RunOutputs.Add(new RunOutputEntity { RunId = run.Id, Name = "$final", PlanVersion = plan.Version, Value = outputJson, CreatedAt = clock.GetUtcNow() });
                }, [.. approvalFrames, Complete(new CompletePayload { Status = RunStatus.Completed, Output = final.Value })], ct);
                return;
        }
    }

    private Task TerminateAsync(RunJournal journal, string status, CompletePayload payload, string message) =>
        journal.WriteAsync(async (db, run) =>
        {
            if (status == RunStatusNames.Cancelled)
            {
                await RunCancellation.CancelUnfinishedNodesAsync(db, run.Id);
            }
            run.Status = status;
            run.CompletedAt = clock.GetUtcNow();
            if (payload.Error is { } error)
            {
                run.Error = JsonSerializer.Serialize(error, FlexJsonContext.Default.FlexError);
            }
        }, [Complete(payload, message)], CancellationToken.None);

    private static Task RememberTrace(RunEntity run, Activity activity)
    {
        run.TraceId = activity.TraceId.ToString();
        run.TraceParentSpanId = activity.SpanId.ToString();
        return Task.CompletedTask;
    }

    private Task Fail(RunEntity run, string code, string message)
    {
        run.Status = RunStatusNames.Failed;
        run.CompletedAt = clock.GetUtcNow();
        run.Error = JsonSerializer.Serialize(new FlexError { Code = code, Message = message }, FlexJsonContext.Default.FlexError);
        return Task.CompletedTask;
    }

    private static PendingFrame Complete(CompletePayload payload, string? message = null) =>
        new(FlexEventTypes.Complete, Message: message ?? $"Run {JsonSerializer.SerializeToElement(payload.Status, FlexJsonContext.Default.RunStatus).GetString()}",
            Payload: Payload(payload, FlexJsonContext.Default.CompletePayload));

    internal static JsonObject Payload<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToNode(value, typeInfo)!.AsObject();
}
