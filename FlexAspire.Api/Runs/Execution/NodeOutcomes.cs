namespace FlexAspire.Api.Runs.Execution;

/// How a node of a schedule ended, written to the run's journal: its row and the frames reporting it in one write
/// (completed with its facet outputs, held for a person, failed, cancelled by a sibling's failure). PlanScheduler
/// decides; this records.
public sealed class NodeOutcomes(PolicyActions policies, TimeProvider clock, IHumanInTheLoop? hitl = null)
{
    /// Completes the node, unless an onNodeComplete policy holds its output for a person first; the decision says
    /// whether the run goes on, fails or replans after it.
    public async Task<PolicyDecision> SucceedAsync(RunJournal journal, RunState state, PlanNode node, NodeRunResult.Succeeded success, JsonObject facets, CancellationToken ct)
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

    /// A failed node that an onValidationFail/onTimeout policy handed to a person: it waits `awaiting_hitl`.
    public Task HeldAfterFailureAsync(RunJournal journal, PlanNode node, NodeRunResult.Failed failure, PolicyDecision.Ask asked, CancellationToken ct) =>
        journal.WriteAsync(async (db, run) =>
        {
            if (asked.Step.Change is not null) await asked.Step.Change(db, run);
            await SetNode(db, run, node.Id, NodeStatus.AwaitingHitl, null, failure.Error, failure.Attempts);
        }, [NodeError(node, failure), .. asked.Frames], ct);

    /// A failed node whose policy asked for a new plan: recorded `error`, with the policy's frames.
    public Task FailedBeforeReplanAsync(RunJournal journal, PlanNode node, NodeRunResult.Failed failure, PolicyDecision.Replan replan, CancellationToken ct) =>
        journal.WriteAsync((db, run) => SetNode(db, run, node.Id, NodeStatus.Error, null, failure.Error, failure.Attempts),
            [NodeError(node, failure), .. replan.Frames], ct);

    /// The node's failure ends the run: its `node_error`, the policies' frames and change, and every stopped sibling
    /// recorded `cancelled`, in one write.
    public Task FailedRunAsync(RunJournal journal, PlanNode node, NodeRunResult.Failed failure, PolicyDecision onFailure,
        IReadOnlyList<string> cancelled, CancellationToken ct)
    {
        List<PendingFrame> frames = [NodeError(node, failure), .. onFailure.Frames];
        frames.AddRange(cancelled.Select(id => Cancelled(id, node.Id)));
        return journal.WriteAsync(async (db, run) =>
        {
            if (onFailure.Change is not null) await onFailure.Change(db, run);
            run.TokensUsed += failure.Tokens;
            await SetNode(db, run, node.Id, NodeStatus.Error, null, failure.Error, failure.Attempts);
            foreach (var id in cancelled) await SetNode(db, run, id, NodeStatus.Cancelled, null, null, 0);
        }, frames, ct);
    }

    /// The nodes stopped because node `cause` ended the run after it completed (a policy, the token budget).
    public Task CancelledAsync(RunJournal journal, IReadOnlyList<string> cancelled, string cause, CancellationToken ct) =>
        journal.WriteAsync(async (db, run) => { foreach (var id in cancelled) await SetNode(db, run, id, NodeStatus.Cancelled, null, null, 0); },
            [.. cancelled.Select(id => Cancelled(id, cause))], ct);

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
            RunFrames.Payload(new NodeErrorPayload { Error = failure.Error, Attempt = failure.Attempts, Retryable = false }, FlexJsonContext.Default.NodeErrorPayload));

    private static PendingFrame Cancelled(string id, string cause) =>
        new(FlexEventTypes.Log, id, $"Node {id} cancelled: node {cause} stopped the run",
            new JsonObject { ["level"] = "info", ["nodeStatus"] = NodeStatus.Cancelled.ToWire(), ["cause"] = cause });

    /// The node's agent asked a person: the node waits (`awaiting_hitl`, no output) for the answer; null when nobody
    /// is asked.
    public async Task<PendingWork?> AskForAgentAsync(RunJournal journal, RunState state, PlanNode node, NodeRunResult.NeedsAnswer ask, CancellationToken ct)
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

    public async Task<PendingWork> PauseForHumanAsync(RunJournal journal, RunState state, PlanNode node, JsonObject inputs, CancellationToken ct)
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

    /// Records the node `completed` with its facet outputs (merged into `facets`), and a policy's frames and change
    /// in the same write.
    public Task CompleteAsync(RunJournal journal, PlanNode node, NodeRunResult.Succeeded success, JsonObject facets,
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
