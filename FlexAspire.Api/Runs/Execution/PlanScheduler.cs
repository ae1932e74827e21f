using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Api.Data;
using FlexAspire.Api.Runs.Execution.Scheduling;
using FlexAspire.Contracts.Events;
using FlexAspire.Contracts.Plans;
using FlexAspire.Contracts.Runs;
using FlexAspire.Contracts.Serialization;
using Microsoft.Extensions.Options;

namespace FlexAspire.Api.Runs.Execution;

public abstract record ScheduleOutcome
{
    public sealed record Completed(JsonObject Facets, IReadOnlyDictionary<string, JsonNode> NodeOutputs) : ScheduleOutcome;
    public sealed record Failed(FlexError Error) : ScheduleOutcome;
    /// Paused for people: human tasks and/or HITL requests (the run is `awaiting_hitl` when any request is pending).
    public sealed record AwaitingHuman(IReadOnlyList<PendingWork> Pending) : ScheduleOutcome;
    /// A runtime policy asked for a new plan; the nodes that were running have finished.
    public sealed record Replan(ReplanCause Cause) : ScheduleOutcome;
}

/// Ready-set scheduling over the plan DAG: a node starts once every predecessor has completed, at most
/// MaxParallelNodes at once; each node's start, retries and result are journaled as they happen.
public sealed class PlanScheduler(NodeExecution nodes, IOptions<RunOptions> options, TimeProvider clock, PolicyActions policies, IHumanInTheLoop? hitl = null)
{
    public async Task<ScheduleOutcome> RunAsync(RunJournal journal, RunState state, FlexPlan plan, CancellationToken ct)
    {
        var facets = state.InitialFacets(plan);
        var outputs = new Dictionary<string, JsonNode>();
        foreach (var (id, row) in state.Nodes)
        {
            if (row.Status == NodeStatus.Completed && row.Output is not null && JsonNode.Parse(row.Output) is { } output) outputs[id] = output;
        }
        var ready = new ReadySet(plan, options.Value.MaxParallelNodes,
            state.Nodes.Where(n => n.Value.Status == NodeStatus.Completed).Select(n => n.Key));
        var waitingForHumans = new List<PendingWork>();
        ScheduleOutcome.Replan? replan = null;
        var budget = RunBudget.MaxTokens(state.Envelope);
        var tokensUsed = state.Run.TokensUsed;
        using var running = new RunningNodes(ct);

        // Nodes paused for people: an answer stored on the node (a human task's output, or an output held for review)
        // completes it through the same path as a fresh result; a node still waiting stays paused, never re-run.
        foreach (var node in plan.Nodes)
        {
            if (!state.Nodes.TryGetValue(node.Id, out var row) || row.Status is not (NodeStatus.AwaitingHuman or NodeStatus.AwaitingHitl)) continue;
            if (row.Output is not null && JsonNode.Parse(row.Output) is { } answered)
            {
                switch (await SucceedAsync(journal, state, node, new NodeRunResult.Succeeded(answered, Math.Max(1, row.Attempts)), facets, ct))
                {
                    case PolicyDecision.Ask review:
                        Hold(node, review.Pending);
                        break;
                    case PolicyDecision.Fail stop:
                        return new ScheduleOutcome.Failed(stop.Error);
                    case var next:
                        outputs[node.Id] = answered;
                        ready.Completed(node.Id);
                        if (next is PolicyDecision.Replan asked) Replan(asked.Cause);
                        break;
                }
            }
            else if (row.Status == NodeStatus.AwaitingHuman)
            {
                Hold(node, await PauseForHumanAsync(journal, state, node, NodeInputs.For(node, plan, facets, outputs, state.Envelope), ct));
            }
            else if (hitl is not null && await hitl.AskForAgentAsync(state, node, null, ct) is { Pending: { } asked })
            {
                // Its agent's question is still open; once answered, the node is pending and runs again below.
                Hold(node, asked);
            }
        }

        try
        {
            while (true)
            {
                foreach (var node in ready.StartReady())
                    Start(node);
                if (running.Count == 0)
                {
                    break;
                }
                var (finishedNode, result) = await running.NextAsync();
                tokensUsed += result.Tokens;
                switch (result)
                {
                    case NodeRunResult.Succeeded success:
                        var decision = await SucceedAsync(journal, state, finishedNode, success, facets, ct);
                        if (decision is PolicyDecision.Ask review)
                        {
                            Hold(finishedNode, review.Pending);
                            break;
                        }
                        outputs[finishedNode.Id] = success.Output;
                        ready.Completed(finishedNode.Id);
                        if (decision is PolicyDecision.Replan replanning)
                            Replan(replanning.Cause);
                        if (budget < tokensUsed)
                        {
                            // The node that crossed the budget keeps its (paid for) output; nothing else runs.
                            decision = new PolicyDecision.Fail([], RunBudget.Exhausted(tokensUsed, budget.Value));
                        }
                        if (decision is PolicyDecision.Fail policyFailure)
                        {
                            ready.StopStarting();
                            var stopped = await StopSiblingsAsync(journal, running, facets, ct);
                            await journal.WriteAsync(async (db, run) => { foreach (var id in stopped) await SetNode(db, run, id, NodeStatus.Cancelled, null, null, 0); },
                                [.. stopped.Select(id => Cancelled(id, finishedNode.Id))], ct);
                            return new ScheduleOutcome.Failed(policyFailure.Error);
                        }
                        break;
                    case NodeRunResult.Failed failure:
                        ready.Failed(finishedNode.Id);
                        var onFailure = await policies.OnNodeFailedAsync(state, finishedNode, failure.Error, facets, ct);
                        if (onFailure is PolicyDecision.Ask asked)
                        {
                            await journal.WriteAsync(async (db, run) =>
                            {
                                if (asked.Step.Change is not null) await asked.Step.Change(db, run);
                                await SetNode(db, run, finishedNode.Id, NodeStatus.AwaitingHitl, null, failure.Error, failure.Attempts);
                            }, [NodeError(finishedNode, failure), .. asked.Frames], ct);
                            Hold(finishedNode, asked.Pending);
                            break;
                        }
                        if (onFailure is PolicyDecision.Replan failedReplan)
                        {
                            await journal.WriteAsync((db, run) => SetNode(db, run, finishedNode.Id, NodeStatus.Error, null, failure.Error, failure.Attempts),
                                [NodeError(finishedNode, failure), .. failedReplan.Frames], ct);
                            Replan(failedReplan.Cause);
                            break;
                        }
                        var error = onFailure is PolicyDecision.Fail failedByPolicy ? failedByPolicy.Error : failure.Error;
                        ready.StopStarting();
                        var cancelled = await StopSiblingsAsync(journal, running, facets, ct);
                        List<PendingFrame> frames = [NodeError(finishedNode, failure), .. onFailure.Frames];
                        frames.AddRange(cancelled.Select(id => Cancelled(id, finishedNode.Id)));
                        await journal.WriteAsync(async (db, run) =>
                        {
                            if (onFailure.Change is not null) await onFailure.Change(db, run);
                            run.TokensUsed += failure.Tokens;
                            await SetNode(db, run, finishedNode.Id, NodeStatus.Error, null, failure.Error, failure.Attempts);
                            foreach (var id in cancelled) await SetNode(db, run, id, NodeStatus.Cancelled, null, null, 0);
                        }, frames, ct);
                        return new ScheduleOutcome.Failed(error);
                    case NodeRunResult.NeedsHuman:
                        Hold(finishedNode, await PauseForHumanAsync(journal, state, finishedNode, NodeInputs.For(finishedNode, plan, facets, outputs, state.Envelope), ct));
                        break;
                    case NodeRunResult.NeedsAnswer ask:
                        if (await AskForAgentAsync(journal, state, finishedNode, ask, ct) is { } question)
                            Hold(finishedNode, question);
                        else
                            // Not asked (the run's request bound denied it): the node runs again, without the tool.
                            Start(finishedNode);
                        break;
                }
            }
        }
        finally
        {
            // Whatever ends the schedule early (a run cancel, an exception), no node of this run goes on calling its
            // agent or writing frames after the run's `complete`.
            await running.CancelAndWaitAsync();
        }
        if (waitingForHumans.Count > 0)
            return new ScheduleOutcome.AwaitingHuman(waitingForHumans);
        return replan ?? (ScheduleOutcome)new ScheduleOutcome.Completed(facets, outputs);

        void Start(PlanNode node) =>
            running.Start(node, token => nodes.StartAsync(journal, state, node, NodeInputs.For(node, plan, facets, outputs, state.Envelope), token));

        void Hold(PlanNode node, PendingWork pending)
        {
            ready.Held(node.Id);
            waitingForHumans.Add(pending);
        }

        // After a `replan` policy fired no node starts; the ones running finish first.
        void Replan(ReplanCause cause)
        {
            replan ??= new ScheduleOutcome.Replan(cause);
            ready.StopStarting();
        }
    }

    /// A node failed for good: the nodes still running are cancelled and awaited (so none writes after the run's
    /// `complete`). One that finished anyway keeps its result; the others are returned to be recorded `cancelled`.
    private async Task<List<string>> StopSiblingsAsync(RunJournal journal, RunningNodes running, JsonObject facets, CancellationToken ct)
    {
        var stopped = await running.StopAsync();
        foreach (var (node, success) in stopped.FinishedAnyway)
            await CompleteAsync(journal, node, success, facets, [], ct);
        return [.. stopped.Cancelled.Select(n => n.Id)];
    }

    /// Completes the node, unless an onNodeComplete policy holds its output for a person first; the decision says
    /// whether the run goes on, fails or replans after it.
    private async Task<PolicyDecision> SucceedAsync(RunJournal journal, RunState state, PlanNode node, NodeRunResult.Succeeded success, JsonObject facets, CancellationToken ct)
    {
        var after = facets.DeepClone().AsObject();
        Merge(after, node, success.Output);
        var decision = await policies.OnNodeCompleteAsync(state, node, success.Output, after, ct);
        if (decision is PolicyDecision.Ask review)
        {
            var held = success.Output.ToJsonString();
            await journal.WriteAsync(async (db, run) =>
            {
                if (review.Step.Change is not null) await review.Step.Change(db, run);
                await SetNode(db, run, node.Id, NodeStatus.AwaitingHitl, held, null, success.Attempts);
            }, review.Frames, ct);
            return decision;
        }
        await CompleteAsync(journal, node, success, facets, decision.Frames, ct, decision.Change);
        return decision;
    }

    private static void Merge(JsonObject facets, PlanNode node, JsonNode output)
    {
        if (output is not JsonObject produced) return;
        foreach (var facet in node.OutputFacets)
        {
            if (produced[facet] is { } value) facets[facet] = value.DeepClone();
        }
    }

    private static PendingFrame NodeError(PlanNode node, NodeRunResult.Failed failure) =>
        new(FlexEventTypes.NodeError, node.Id, failure.Error.Message,
            RunExecutor.Payload(new NodeErrorPayload { Error = failure.Error, Attempt = failure.Attempts, Retryable = false }, FlexJsonContext.Default.NodeErrorPayload));

    private static PendingFrame Cancelled(string id, string cause) =>
        new(FlexEventTypes.Log, id, $"Node {id} cancelled: node {cause} stopped the run",
            new JsonObject { ["level"] = "info", ["nodeStatus"] = NodeStatus.Cancelled.ToWire(), ["cause"] = cause });

    /// The node's agent asked a person: the node waits (`awaiting_hitl`, no output) for the answer; null when nobody
    /// is asked.
    private async Task<PendingWork?> AskForAgentAsync(RunJournal journal, RunState state, PlanNode node, NodeRunResult.NeedsAnswer ask, CancellationToken ct)
    {
        if (hitl is null || await hitl.AskForAgentAsync(state, node, ask.Request, ct) is not { } step)
            return null;
        await journal.WriteAsync(async (db, run) =>
        {
            if (step.Change is not null) await step.Change(db, run);
            if (step.Pending is not null) await SetNode(db, run, node.Id, NodeStatus.AwaitingHitl, null, null, ask.Attempts);
        }, step.Frames, ct);
        return step.Pending;
    }

    private async Task<PendingWork> PauseForHumanAsync(RunJournal journal, RunState state, PlanNode node, JsonObject inputs, CancellationToken ct)
    {
        if (hitl is null)
        {
            await journal.WriteAsync((db, run) => SetNode(db, run, node.Id, NodeStatus.AwaitingHuman, null, null, 0), [], ct);
            return new PendingWork { Kind = PendingKind.Task, NodeId = node.Id };
        }
        var step = await hitl.OpenTaskAsync(state, node, inputs, ct);
        await journal.WriteAsync(async (db, run) =>
        {
            if (step.Change is not null) await step.Change(db, run);
            await SetNode(db, run, node.Id, NodeStatus.AwaitingHuman, null, null, 0);
        }, step.Frames, ct);
        return step.Pending ?? new PendingWork { Kind = PendingKind.Task, NodeId = node.Id };
    }

    private Task CompleteAsync(RunJournal journal, PlanNode node, NodeRunResult.Succeeded success, JsonObject facets,
        IReadOnlyList<PendingFrame> policyFrames, CancellationToken ct, Func<FlexDbContext, RunEntity, Task>? policyChange = null)
    {
        Merge(facets, node, success.Output);
        var outputJson = success.Output.ToJsonString();
        Func<FlexDbContext, RunEntity, Task> change = async (db, run) =>
        {
            if (policyChange is not null) await policyChange(db, run);
            run.TokensUsed += success.Tokens;
            foreach (var facet in node.OutputFacets)
            {
                if (facets[facet] is { } value)
                    db.RunOutputs.Add(new RunOutputEntity { RunId = run.Id, Name = facet, NodeId = node.Id, PlanVersion = run.PlanVersion, Value = value.ToJsonString(), CreatedAt = clock.GetUtcNow() });
            }
            await SetNode(db, run, node.Id, NodeStatus.Completed, outputJson, null, success.Attempts);
        };
        List<PendingFrame> frames = [new PendingFrame(FlexEventTypes.NodeComplete, node.Id, $"{node.Label} completed",
            NodeFramePayloads.Complete(node, success.Output, success.Attempts, clock.GetUtcNow())), .. policyFrames];
        // The result is pipelined: the next nodes start while it commits (it commits before their frames, and before
        // the run's `complete`, which is awaited). A policy's change (a person's answer recorded) is awaited.
        return policyChange is null ? journal.AppendAsync(change, frames) : journal.WriteAsync(change, frames, ct);
    }

    private Task SetNode(FlexDbContext db, RunEntity run, string nodeId, NodeStatus status, string? output, FlexError? error, int attempts) =>
        NodeRows.SetAsync(db, run, nodeId, status, output, error, attempts, clock.GetUtcNow());
}
