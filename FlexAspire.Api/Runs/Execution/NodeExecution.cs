using FlexAspire.Api.Agents.Invocation;
using FlexAspire.Api.Envelopes;
using FlexAspire.Api.Runs.Execution.Scheduling;

namespace FlexAspire.Api.Runs.Execution;

/// Runs one node once it may start: journals `node_start`, calls its agent with its inputs (and a person's
/// clarifications), reports invalid attempts as they happen, and retries transient faults within NodeTimeout.
public sealed class NodeExecution(INodeRunner runner, IOptions<RunOptions> options, TimeProvider clock, RunTelemetry telemetry,
    IHumanInTheLoop? hitl = null)
{
    public async Task<NodeRunResult> StartAsync(RunJournal journal, RunState state, PlanNode node, JsonObject inputs, CancellationToken ct)
    {
        // Queued, not awaited: the node starts at once; its frame still reaches streams only once committed, and its
        // result's write is committed after it (or fails with it). Not cancelled once queued: a node that started is
        // recorded started, even when a sibling's failure cancels it at once.
        await journal.AppendAsync((db, run) => NodeRows.SetAsync(db, run, node.Id, NodeStatus.Running, null, null, 0, clock.GetUtcNow()),
            [new PendingFrame(FlexEventTypes.NodeStart, node.Id, node.Label, NodeFramePayloads.Start(node, clock.GetUtcNow()))]);
        if (InputIssues(node, inputs) is { Count: > 0 } issues)
        {
            // The agent is not called with inputs it declared it cannot take; onValidationFail policies may repair.
            await journal.WriteAsync(new PendingFrame(FlexEventTypes.ValidationError, node.Id, "The node's inputs do not satisfy its input contract",
                RunFrames.Payload(new ValidationErrorPayload { Scope = ValidationScope.CapabilityInput, Attempt = 1, Errors = issues }, FlexJsonContext.Default.ValidationErrorPayload)), ct);
            return new NodeRunResult.Failed(new FlexError
            {
                Code = "input_invalid",
                Message = $"The inputs of node {node.Id} do not satisfy the input contract of {node.CapabilityId}: {string.Join("; ", issues.Select(i => $"{i.InstancePath} {i.Keyword}: {i.Message}"))}",
            }, 0, issues);
        }
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
            return result = await NodeRetryPolicy.From(options.Value).RunAsync(
                attemptCt => runner.RunAsync(request, attemptCt), (retry, _) => OnRetryAsync(journal, node, retry, ct), clock, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return result = new NodeRunResult.Failed(new FlexError { Code = "node_timeout", Message = $"Node {node.Id} did not finish within {options.Value.NodeTimeout}." }, 0);
        }
        finally
        {
            telemetry.RecordNodeDuration(node.CapabilityId, Stopwatch.GetElapsedTime(started));
            NodeTelemetry.End(activity, result);
        }
    }

    /// The node's declared input facets against its facets or json_schema input contract (a freeform input contract
    /// describes text, not facets; the structuring node's extra context, the envelope's inputs, is not checked).
    private static IReadOnlyList<ValidationIssue> InputIssues(PlanNode node, JsonObject inputs)
    {
        if (node.Contracts.Input is not { } contract || contract is FreeformOutputContract)
            return [];
        var declared = new JsonObject();
        foreach (var facet in node.InputFacets)
        {
            if (inputs[facet] is { } value) declared[facet] = value.DeepClone();
        }
        return SchemaValidator.Validate(ContractSchema.For(contract), declared);
    }

    private static Task OnRetryAsync(RunJournal journal, PlanNode node, NodeRetry retry, CancellationToken ct)
    {
        var payload = RunFrames.Payload(new NodeRetryPayload { Attempt = retry.Attempt, MaxAttempts = retry.MaxAttempts, Reason = "transient_failure" }, FlexJsonContext.Default.NodeRetryPayload);
        payload["error"] = JsonSerializer.SerializeToNode(retry.Error, FlexJsonContext.Default.FlexError);
        return journal.WriteAsync(new PendingFrame(FlexEventTypes.NodeRetry, node.Id, $"Retrying after a transient fault ({retry.Attempt}/{retry.MaxAttempts})", payload), ct);
    }

    private Task OnInvalidAttemptAsync(RunJournal journal, PlanNode node, NodeAttemptFailure failure, CancellationToken ct)
    {
        if (failure.WillRetry)
        {
            telemetry.RecordValidationRetry(node.CapabilityId);
        }
        return journal.WriteAsync(null, InvalidAttemptFrames(node, failure), ct);
    }

    private static List<PendingFrame> InvalidAttemptFrames(PlanNode node, NodeAttemptFailure failure)
    {
        var frames = new List<PendingFrame>
        {
            new(FlexEventTypes.ValidationError, node.Id, $"Attempt {failure.Attempt} did not satisfy the contract",
                RunFrames.Payload(new ValidationErrorPayload { Scope = ValidationScope.CapabilityOutput, Attempt = failure.Attempt, Errors = failure.Errors }, FlexJsonContext.Default.ValidationErrorPayload)),
        };
        if (failure.WillRetry)
        {
            frames.Add(new(FlexEventTypes.NodeRetry, node.Id, $"Retrying ({failure.Attempt + 1}/{failure.MaxAttempts})",
                RunFrames.Payload(new NodeRetryPayload { Attempt = failure.Attempt + 1, MaxAttempts = failure.MaxAttempts, Reason = "validation_failed", Errors = failure.Errors }, FlexJsonContext.Default.NodeRetryPayload)));
        }
        return frames;
    }
}

/// A node's row in `flex_plan_nodes`, changed inside a journal write. The row is not read first: the writer's batch
/// holds many runs' writes, and a read per node write would be one database round trip each, one after another.
/// A row this context already tracks (an earlier write of the batch) is changed in place; otherwise a stub with the
/// key is attached and only the columns set here are updated. An UPDATE that matches no row fails the write (EF's
/// rows-affected check), as reading a missing row did.
internal static class NodeRows
{
    public static Task SetAsync(FlexDbContext db, RunEntity run, string nodeId, NodeStatus status, string? output, FlexError? error, int attempts, DateTimeOffset now)
    {
        var row = db.PlanNodes.Local.FindEntryUntyped([run.Id, nodeId])?.Entity;
        if (row is null)
        {
            row = new PlanNodeEntity { RunId = run.Id, NodeId = nodeId, CapabilityId = "", Kind = "", Status = status, Definition = "" };
            db.PlanNodes.Attach(row);
        }
        var entry = db.Entry(row);
        row.Status = status;
        Modified(entry, nameof(PlanNodeEntity.Status));
        if (status == NodeStatus.Running)
        {
            row.StartedAt = now;
            Modified(entry, nameof(PlanNodeEntity.StartedAt));
        }
        if (status is NodeStatus.Completed or NodeStatus.Error)
        {
            row.CompletedAt = now;
            Modified(entry, nameof(PlanNodeEntity.CompletedAt));
        }
        if (output is not null)
        {
            row.Output = output;
            Modified(entry, nameof(PlanNodeEntity.Output));
        }
        if (error is not null)
        {
            row.Error = JsonSerializer.Serialize(error, FlexJsonContext.Default.FlexError);
            Modified(entry, nameof(PlanNodeEntity.Error));
        }
        if (attempts > 0)
        {
            row.Attempts = attempts;
            Modified(entry, nameof(PlanNodeEntity.Attempts));
        }
        return Task.CompletedTask;
    }

    // A row added in this batch is inserted whole; a stub's or a tracked row's column is updated even when the value
    // equals what the context holds (a stub's values are not the database's).
    private static void Modified(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<PlanNodeEntity> entry, string column)
    {
        if (entry.State != Microsoft.EntityFrameworkCore.EntityState.Added)
        {
            entry.Property(column).IsModified = true;
        }
    }
}
