using FlexAspire.Api.Runs.Execution.Scheduling;

namespace FlexAspire.Api.Runs.Execution;

/// Ready-set scheduling over the plan DAG: a node starts once every predecessor has completed, at most
/// MaxParallelNodes at once (`Scheduling/ReadySet`); a failure that ends the run cancels the running nodes and waits
/// for them (`Scheduling/RunningNodes`). `NodeExecution` runs each node (start, retries) and `NodeOutcomes` journals
/// how it ended, as it happens; this class decides what follows each end.
public sealed class PlanScheduler(NodeExecution nodes, NodeOutcomes outcomes, IOptions<RunOptions> options, PolicyActions policies, IHumanInTheLoop? hitl = null)
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
                switch (await outcomes.SucceedAsync(journal, state, node, new NodeRunResult.Succeeded(answered, Math.Max(1, row.Attempts)), facets, ct))
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
                Hold(node, await outcomes.PauseForHumanAsync(journal, state, node, NodeInputs.For(node, plan, facets, outputs, state.Envelope), ct));
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
                        var decision = await outcomes.SucceedAsync(journal, state, finishedNode, success, facets, ct);
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
                            await outcomes.CancelledAsync(journal, stopped, finishedNode.Id, ct);
                            return new ScheduleOutcome.Failed(policyFailure.Error);
                        }
                        break;
                    case NodeRunResult.Failed failure:
                        ready.Failed(finishedNode.Id);
                        var onFailure = await policies.OnNodeFailedAsync(state, finishedNode, failure.Error, facets, ct);
                        if (onFailure is PolicyDecision.Ask asked)
                        {
                            await outcomes.HeldAfterFailureAsync(journal, finishedNode, failure, asked, ct);
                            Hold(finishedNode, asked.Pending);
                            break;
                        }
                        if (onFailure is PolicyDecision.Replan failedReplan)
                        {
                            await outcomes.FailedBeforeReplanAsync(journal, finishedNode, failure, failedReplan, ct);
                            Replan(failedReplan.Cause);
                            break;
                        }
                        var error = onFailure is PolicyDecision.Fail failedByPolicy ? failedByPolicy.Error : failure.Error;
                        ready.StopStarting();
                        var cancelled = await StopSiblingsAsync(journal, running, facets, ct);
                        await outcomes.FailedRunAsync(journal, finishedNode, failure, onFailure, cancelled, ct);
                        return new ScheduleOutcome.Failed(error);
                    case NodeRunResult.NeedsHuman:
                        Hold(finishedNode, await outcomes.PauseForHumanAsync(journal, state, finishedNode, NodeInputs.For(finishedNode, plan, facets, outputs, state.Envelope), ct));
                        break;
                    case NodeRunResult.NeedsAnswer ask:
                        if (await outcomes.AskForAgentAsync(journal, state, finishedNode, ask, ct) is { } question)
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
            await outcomes.CompleteAsync(journal, node, success, facets, [], ct);
        return [.. stopped.Cancelled.Select(n => n.Id)];
    }
}
