using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Api.Data;
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
}

/// Ready-set scheduling over the plan DAG: a node starts once every predecessor has completed, at most
/// MaxParallelNodes at once; each node's start, retries and result are journaled as they happen.
public sealed class PlanScheduler(INodeRunner runner, IOptions<RunOptions> options, TimeProvider clock, IHumanInTheLoop? hitl = null)
{
    public async Task<ScheduleOutcome> RunAsync(RunJournal journal, RunState state, FlexPlan plan, CancellationToken ct)
    {
        var facets = state.InitialFacets(plan);
        var outputs = new Dictionary<string, JsonNode>();
        var done = new HashSet<string>();
        foreach (var (id, row) in state.Nodes)
        {
            if (row.Status == "completed")
            {
                done.Add(id);
                if (row.Output is not null && JsonNode.Parse(row.Output) is { } output) outputs[id] = output;
            }
        }
        var predecessors = plan.Edges.GroupBy(e => e.To).ToDictionary(g => g.Key, g => g.Select(e => e.From).ToList());
        var running = new Dictionary<Task<NodeRunResult>, PlanNode>();
        var waitingForHumans = new List<PendingWork>();
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(ct);

        // Nodes paused for people: an answer stored on the node (a human task's output, or an output held for review)
        // completes it through the same path as a fresh result; a node still waiting stays paused, never re-run.
        foreach (var node in plan.Nodes)
        {
            if (!state.Nodes.TryGetValue(node.Id, out var row) || row.Status is not ("awaiting_human" or "awaiting_hitl")) continue;
            if (row.Output is not null && JsonNode.Parse(row.Output) is { } answered)
            {
                if (await SucceedAsync(journal, state, node, new NodeRunResult.Succeeded(answered, Math.Max(1, row.Attempts)), facets, ct) is { } review)
                    waitingForHumans.Add(review);
                else
                {
                    outputs[node.Id] = answered;
                    done.Add(node.Id);
                }
            }
            else if (row.Status == "awaiting_human")
            {
                waitingForHumans.Add(await PauseForHumanAsync(journal, state, node, facets, ct));
            }
            else if (hitl is not null && await hitl.AskForAgentAsync(state, node, null, ct) is { Pending: { } asked })
            {
                // Its agent's question is still open; once answered, the node is pending and runs again below.
                waitingForHumans.Add(asked);
            }
        }

        try
        {
            while (true)
            {
                foreach (var node in plan.Nodes)
                {
                    if (running.Count >= options.Value.MaxParallelNodes) break;
                    if (done.Contains(node.Id) || running.ContainsValue(node) || waitingForHumans.Any(w => w.NodeId == node.Id)) continue;
                    if (predecessors.TryGetValue(node.Id, out var before) && !before.All(done.Contains)) continue;
                    running[StartAsync(journal, state, node, facets, failFast.Token)] = node;
                }
                if (running.Count == 0)
                {
                    break;
                }
                var finished = await Task.WhenAny(running.Keys);
                var finishedNode = running[finished];
                running.Remove(finished);
                switch (await finished)
                {
                    case NodeRunResult.Succeeded success:
                        if (await SucceedAsync(journal, state, finishedNode, success, facets, ct) is { } review)
                        {
                            waitingForHumans.Add(review);
                            break;
                        }
                        outputs[finishedNode.Id] = success.Output;
                        done.Add(finishedNode.Id);
                        break;
                    case NodeRunResult.Failed failure:
                        var cancelled = await StopSiblingsAsync(journal, running, failFast, facets, ct);
                        List<PendingFrame> frames = [new PendingFrame(FlexEventTypes.NodeError, finishedNode.Id, failure.Error.Message,
                            RunExecutor.Payload(new NodeErrorPayload { Error = failure.Error, Attempt = failure.Attempts, Retryable = false }, FlexJsonContext.Default.NodeErrorPayload))];
                        frames.AddRange(cancelled.Select(id => new PendingFrame(FlexEventTypes.Log, id, $"Node {id} cancelled: node {finishedNode.Id} failed",
                            new JsonObject { ["level"] = "info", ["nodeStatus"] = "cancelled", ["cause"] = finishedNode.Id })));
                        await journal.WriteAsync(async (db, run) =>
                        {
                            await SetNode(db, run, finishedNode.Id, "error", null, failure.Error, failure.Attempts);
                            foreach (var id in cancelled) await SetNode(db, run, id, "cancelled", null, null, 0);
                        }, frames, ct);
                        return new ScheduleOutcome.Failed(failure.Error);
                    case NodeRunResult.NeedsHuman:
                        waitingForHumans.Add(await PauseForHumanAsync(journal, state, finishedNode, facets, ct));
                        break;
                    case NodeRunResult.NeedsAnswer ask:
                        if (await AskForAgentAsync(journal, state, finishedNode, ask, ct) is { } question)
                            waitingForHumans.Add(question);
                        else
                            // Not asked (the run's request bound denied it): the node runs again, without the tool.
                            running[StartAsync(journal, state, finishedNode, facets, failFast.Token)] = finishedNode;
                        break;
                }
            }
        }
        finally
        {
            // Whatever ends the schedule early (a run cancel, an exception), no node of this run goes on calling its
            // agent or writing frames after the run's `complete`.
            if (running.Count > 0)
            {
                await failFast.CancelAsync();
                await Task.WhenAll(running.Keys).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
        return waitingForHumans.Count > 0
            ? new ScheduleOutcome.AwaitingHuman(waitingForHumans)
            : new ScheduleOutcome.Completed(facets, outputs);
    }

    /// A node failed for good: the nodes still running are cancelled and awaited (so none writes after the run's
    /// `complete`). One that finished anyway keeps its result; the others are returned to be recorded `cancelled`.
    private async Task<List<string>> StopSiblingsAsync(RunJournal journal, Dictionary<Task<NodeRunResult>, PlanNode> running,
        CancellationTokenSource failFast, JsonObject facets, CancellationToken ct)
    {
        await failFast.CancelAsync();
        await Task.WhenAll(running.Keys).ContinueWith(_ => { }, CancellationToken.None);
        var cancelled = new List<string>();
        foreach (var (task, node) in running)
        {
            if (task.IsCompletedSuccessfully && task.Result is NodeRunResult.Succeeded success)
                await CompleteAsync(journal, node, success, facets, ct);
            else
                cancelled.Add(node.Id);
        }
        running.Clear();
        return cancelled;
    }

    /// Completes the node, unless a person must look at its output first (its output is then held on the node).
    private async Task<PendingWork?> SucceedAsync(RunJournal journal, RunState state, PlanNode node, NodeRunResult.Succeeded success, JsonObject facets, CancellationToken ct)
    {
        if (hitl is not null && await hitl.ReviewNodeAsync(state, node, success.Output, ct) is { } step)
        {
            if (step.Pending is { } pending)
            {
                var held = success.Output.ToJsonString();
                await journal.WriteAsync(async (db, run) =>
                {
                    if (step.Change is not null) await step.Change(db, run);
                    await SetNode(db, run, node.Id, "awaiting_hitl", held, null, success.Attempts);
                }, step.Frames, ct);
                return pending;
            }
            await journal.WriteAsync(step.Change, step.Frames, ct);
        }
        await CompleteAsync(journal, node, success, facets, ct);
        return null;
    }

    /// The node's agent asked a person: the node waits (`awaiting_hitl`, no output) for the answer; null when nobody
    /// is asked.
    private async Task<PendingWork?> AskForAgentAsync(RunJournal journal, RunState state, PlanNode node, NodeRunResult.NeedsAnswer ask, CancellationToken ct)
    {
        if (hitl is null || await hitl.AskForAgentAsync(state, node, ask.Request, ct) is not { } step)
            return null;
        await journal.WriteAsync(async (db, run) =>
        {
            if (step.Change is not null) await step.Change(db, run);
            if (step.Pending is not null) await SetNode(db, run, node.Id, "awaiting_hitl", null, null, ask.Attempts);
        }, step.Frames, ct);
        return step.Pending;
    }

    private async Task<PendingWork> PauseForHumanAsync(RunJournal journal, RunState state, PlanNode node, JsonObject facets, CancellationToken ct)
    {
        if (hitl is null)
        {
            await journal.WriteAsync((db, run) => SetNode(db, run, node.Id, "awaiting_human", null, null, 0), [], ct);
            return new PendingWork { Kind = PendingKind.Task, NodeId = node.Id };
        }
        var step = await hitl.OpenTaskAsync(state, node, InputsOf(node, facets), ct);
        await journal.WriteAsync(async (db, run) =>
        {
            if (step.Change is not null) await step.Change(db, run);
            await SetNode(db, run, node.Id, "awaiting_human", null, null, 0);
        }, step.Frames, ct);
        return step.Pending ?? new PendingWork { Kind = PendingKind.Task, NodeId = node.Id };
    }

    private static JsonObject InputsOf(PlanNode node, JsonObject facets)
    {
        var inputs = new JsonObject();
        foreach (var facet in node.InputFacets)
        {
            if (facets[facet] is { } value) inputs[facet] = value.DeepClone();
        }
        return inputs;
    }

    private async Task<NodeRunResult> StartAsync(RunJournal journal, RunState state, PlanNode node, JsonObject facets, CancellationToken ct)
    {
        // Queued, not awaited: the node starts at once; its frame still reaches streams only once committed, and its
        // result's write is committed after it (or fails with it).
        await journal.AppendAsync((db, run) => SetNode(db, run, node.Id, "running", null, null, 0),
            [new PendingFrame(FlexEventTypes.NodeStart, node.Id, node.Label,
                new JsonObject { ["capabilityId"] = node.CapabilityId, ["kind"] = JsonSerializer.SerializeToNode(node.Kind, FlexJsonContext.Default.CapabilityKind) })], ct);
        var inputs = InputsOf(node, facets);
        var envelope = state.Envelope;
        if (hitl is not null && await hitl.InstructionsForAsync(state, node.Id, ct) is { Count: > 0 } clarifications)
        {
            // A re-run after a person clarified: their answers reach the prompt as special instructions.
            envelope = envelope with { SpecialInstructions = [.. envelope.SpecialInstructions ?? [], .. clarifications] };
        }
        var mayAskPerson = hitl is not null && await hitl.AgentMayAskAsync(state, node.Id, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.NodeTimeout);
        var started = Stopwatch.GetTimestamp();
        using var activity = NodeTelemetry.Start(node);
        NodeRunResult? result = null;
        try
        {
            var request = new NodeRunRequest(state.Run.Id, envelope, node, inputs, failure => OnInvalidAttemptAsync(journal, node, failure, ct), mayAskPerson);
            for (var retry = 1; ; retry++)
            {
                result = await runner.RunAsync(request, timeout.Token);
                if (result is not NodeRunResult.Failed { Retryable: true } transient || NodeRetryDelay(retry, started) is not { } delay)
                    return result;
                var payload = RunExecutor.Payload(new NodeRetryPayload { Attempt = retry + 1, MaxAttempts = options.Value.NodeRetries + 1, Reason = "transient_failure" }, FlexJsonContext.Default.NodeRetryPayload);
                payload["error"] = JsonSerializer.SerializeToNode(transient.Error, FlexJsonContext.Default.FlexError);
                await journal.WriteAsync(new PendingFrame(FlexEventTypes.NodeRetry, node.Id, $"Retrying after a transient fault ({retry + 1}/{options.Value.NodeRetries + 1})", payload), ct);
                await Task.Delay(delay, clock, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return result = new NodeRunResult.Failed(new FlexError { Code = "node_timeout", Message = $"Node {node.Id} did not finish within {options.Value.NodeTimeout}." }, 0);
        }
        finally
        {
            RunTelemetry.NodeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("capability", node.CapabilityId));
            NodeTelemetry.End(activity, result);
        }
    }

    /// The backoff before node retry `retry` (1 = the first), or null when the retry bound is reached or the wait
    /// (plus some time to work) would not fit in what is left of the node's time budget.
    private TimeSpan? NodeRetryDelay(int retry, long started)
    {
        if (retry > options.Value.NodeRetries)
            return null;
        var delay = options.Value.NodeRetryBaseDelay * Math.Pow(2, retry - 1);
        var left = options.Value.NodeTimeout - Stopwatch.GetElapsedTime(started);
        return delay * 2 < left ? delay : null;
    }

    private static Task OnInvalidAttemptAsync(RunJournal journal, PlanNode node, NodeAttemptFailure failure, CancellationToken ct)
    {
        if (failure.WillRetry)
        {
            RunTelemetry.ValidationRetries.Add(1, new KeyValuePair<string, object?>("capability", node.CapabilityId));
        }
        return journal.WriteAsync(null, InvalidAttemptFrames(node, failure), ct);
    }

    private static List<PendingFrame> InvalidAttemptFrames(PlanNode node, NodeAttemptFailure failure)
    {
        var frames = new List<PendingFrame>
        {
            new(FlexEventTypes.ValidationError, node.Id, $"Attempt {failure.Attempt} did not satisfy the contract",
                RunExecutor.Payload(new ValidationErrorPayload { Scope = ValidationScope.CapabilityOutput, Attempt = failure.Attempt, Errors = failure.Errors }, FlexJsonContext.Default.ValidationErrorPayload)),
        };
        if (failure.WillRetry)
        {
            frames.Add(new(FlexEventTypes.NodeRetry, node.Id, $"Retrying ({failure.Attempt + 1}/{failure.MaxAttempts})",
                RunExecutor.Payload(new NodeRetryPayload { Attempt = failure.Attempt + 1, MaxAttempts = failure.MaxAttempts, Reason = "validation_failed", Errors = failure.Errors }, FlexJsonContext.Default.NodeRetryPayload)));
        }
        return frames;
    }

    private Task CompleteAsync(RunJournal journal, PlanNode node, NodeRunResult.Succeeded success, JsonObject facets, CancellationToken ct)
    {
        if (success.Output is JsonObject produced)
        {
            foreach (var facet in node.OutputFacets)
            {
                if (produced[facet] is { } value) facets[facet] = value.DeepClone();
            }
        }
        var outputJson = success.Output.ToJsonString();
        return journal.WriteAsync((db, run) =>
        {
            foreach (var facet in node.OutputFacets)
            {
                if (facets[facet] is { } value)
                    db.RunOutputs.Add(new RunOutputEntity { RunId = run.Id, Name = facet, NodeId = node.Id, PlanVersion = run.PlanVersion, Value = value.ToJsonString(), CreatedAt = clock.GetUtcNow() });
            }
            return SetNode(db, run, node.Id, "completed", outputJson, null, success.Attempts);
        }, [new PendingFrame(FlexEventTypes.NodeComplete, node.Id, $"{node.Label} completed",
            new JsonObject { ["output"] = success.Output.DeepClone(), ["attempts"] = success.Attempts })], ct);
    }

    private async Task SetNode(FlexDbContext db, RunEntity run, string nodeId, string status, string? output, FlexError? error, int attempts)
    {
        var row = await db.PlanNodes.FindAsync(run.Id, nodeId) ?? throw new InvalidOperationException($"Node {nodeId} is not in run {run.Id}.");
        row.Status = status;
        if (status == "running") row.StartedAt = clock.GetUtcNow();
        if (status is "completed" or "error") row.CompletedAt = clock.GetUtcNow();
        if (output is not null) row.Output = output;
        if (error is not null) row.Error = JsonSerializer.Serialize(error, FlexJsonContext.Default.FlexError);
        if (attempts > 0) row.Attempts = attempts;
    }
}
