using FlexAspire.Api.Runs.Planning;

namespace FlexAspire.Api.Runs.Execution;

/// Why the engine asks for a new plan: a reason for `plan.metadata.failureReason`, the goal conditions that failed,
/// and capabilities to avoid (a node that failed) where the planner has an alternative.
public sealed record ReplanCause(string Reason, IReadOnlyList<GoalConditionResult> FailedGoals, IReadOnlyList<string>? Avoid = null);

/// Asks the planner for a run's plan (phase `initial`) or a new version of it (phase `replan`) and records it: the
/// snapshot, its nodes and the `plan_generated` / `plan_updated` frame in one write. A refusal ends the run failed.
public sealed partial class RunPlanning(PlannerClient planner, RunCompletion completion, TimeProvider clock)
{
    public async Task<FlexPlan?> PlanAsync(RunJournal journal, RunState state, CancellationToken ct)
    {
        // Pipelined (queued, not awaited) like the plan below: the planner is asked while the frame commits.
        await journal.AppendAsync((_, run) => { run.Status = RunStatus.Running; return Task.CompletedTask; },
            [PlanRequested(PlanPhase.Initial)]);
        var request = new PlanRequest { Envelope = state.Envelope, Phase = PlanPhase.Initial, RunId = state.Run.Id.ToString() };
        return await RecordAsync(journal, await planner.PlanAsync(request, ct), PlanPhase.Initial, "plan_rejected", ct);
    }

    /// Completed nodes are kept (their outputs go to the planner), except the structuring step and every node that
    /// read a facet a failed goal condition names: those run again with what the new plan gives them.
    public async Task<FlexPlan?> ReplanAsync(RunJournal journal, RunState state, FlexPlan plan, ReplanCause cause, CancellationToken ct)
    {
        await journal.WriteAsync(null, [PlanRequested(PlanPhase.Replan)], ct);
        var tainted = cause.FailedGoals.Select(g => g.Facet).ToHashSet(StringComparer.Ordinal);
        var completed = new JsonArray();
        foreach (var node in plan.Nodes)
        {
            if (!state.Nodes.TryGetValue(node.Id, out var row) || row.Status != NodeStatus.Completed) continue;
            if (node.Kind == CapabilityKind.Structuring || node.InputFacets.Any(tainted.Contains))
            {
                tainted.UnionWith(node.OutputFacets);
                continue;
            }
            var produced = row.Output is null ? null : JsonNode.Parse(row.Output) as JsonObject;
            var outputs = new JsonObject();
            foreach (var facet in node.OutputFacets)
            {
                if (produced?[facet] is { } value) outputs[facet] = value.DeepClone();
            }
            completed.Add(new JsonObject { ["id"] = node.Id, ["capabilityId"] = node.CapabilityId, ["outputs"] = outputs });
        }
        var graphState = new JsonObject
        {
            ["planVersion"] = plan.Version,
            ["runId"] = state.Run.Id.ToString(),
            ["failureReason"] = cause.Reason,
            ["completedNodes"] = completed,
            ["failedGoalConditions"] = new JsonArray(cause.FailedGoals.Select(g => (JsonNode)new JsonObject
            {
                ["facet"] = g.Facet, ["path"] = g.Path, ["dsl"] = g.Dsl, ["reason"] = g.Reason,
            }).ToArray()),
        };
        var request = new PlanRequest { Envelope = Avoiding(state.Envelope, cause.Avoid), Phase = PlanPhase.Replan, RunId = state.Run.Id.ToString(), GraphState = graphState };
        return await RecordAsync(journal, await planner.PlanAsync(request, ct), PlanPhase.Replan, "replan_rejected", ct);
    }

    private async Task<FlexPlan?> RecordAsync(RunJournal journal, PlanOutcome outcome, PlanPhase phase, string rejectedCode, CancellationToken ct)
    {
        if (outcome is PlanOutcome.Rejected rejected)
        {
            var error = new FlexError { Code = rejectedCode, Message = rejected.Detail };
            await completion.FailAsync(journal, error,
            [
                new PendingFrame(FlexEventTypes.PlanRejected, Message: rejected.Detail,
                    Payload: RunFrames.Payload(new PlanRejectedPayload { Diagnostics = rejected.Diagnostics }, FlexJsonContext.Default.PlanRejectedPayload)),
            ], ct);
            return null;
        }
        var response = ((PlanOutcome.Planned)outcome).Response;
        var plan = response.Plan with { Version = Math.Max(1, response.Plan.Version) };
        var planJson = JsonSerializer.Serialize(plan, FlexJsonContext.Default.FlexPlan);
        var type = phase == PlanPhase.Initial ? FlexEventTypes.PlanGenerated : FlexEventTypes.PlanUpdated;
        var rejectedDrafts = RejectedDrafts(response.Diagnostics);
        // Pipelined: the first nodes start while the plan commits (their writes commit after it, in the same order).
        await journal.AppendAsync(async (db, run) =>
        {
            // A run without a recorded plan has no node rows: nothing to read back (the first plan of every run).
            var firstPlan = run.PlanVersion == 0;
            run.PlanVersion = plan.Version;
            db.PlanSnapshots.Add(new PlanSnapshotEntity
            {
                RunId = run.Id, Version = plan.Version, Plan = planJson, Phase = phase == PlanPhase.Initial ? "initial" : "replan", CreatedAt = clock.GetUtcNow(),
            });
            await RecordNodesAsync(db, run, plan, firstPlan);
        },
        [.. rejectedDrafts, new PendingFrame(type, Message: $"Plan v{plan.Version}: {plan.Nodes.Count} node(s)", PlanVersion: plan.Version,
            Payload: new JsonObject
            {
                ["plan"] = JsonSerializer.SerializeToNode(plan, FlexJsonContext.Default.FlexPlan),
                ["diagnostics"] = JsonSerializer.SerializeToNode(response.Diagnostics, FlexJsonContext.Default.IReadOnlyListPlanDiagnostic),
                ["attempts"] = response.Attempts,
            })]);
        return plan;
    }

    /// New nodes are added; a node the plan keeps completed stays as it is; any other node of the new plan (to run
    /// again) is reset to pending; nodes the new plan dropped that had not completed are `skipped`.
    private static async Task RecordNodesAsync(FlexDbContext db, RunEntity run, FlexPlan plan, bool firstPlan)
    {
        var rows = firstPlan ? new Dictionary<string, PlanNodeEntity>() : await db.PlanNodes.Where(n => n.RunId == run.Id).ToDictionaryAsync(n => n.NodeId);
        foreach (var node in plan.Nodes)
        {
            var definition = JsonSerializer.Serialize(node, FlexJsonContext.Default.PlanNode);
            if (!rows.TryGetValue(node.Id, out var row))
            {
                db.PlanNodes.Add(new PlanNodeEntity
                {
                    RunId = run.Id, NodeId = node.Id, PlanVersion = plan.Version, CapabilityId = node.CapabilityId,
                    Kind = JsonSerializer.SerializeToElement(node.Kind, FlexJsonContext.Default.CapabilityKind).GetString()!,
                    Status = NodeStatus.Pending, Definition = definition,
                });
            }
            else if (!(node.Status == NodeStatus.Completed && row.Status == NodeStatus.Completed))
            {
                (row.Status, row.PlanVersion, row.Definition, row.Output, row.Error, row.Attempts, row.StartedAt, row.CompletedAt) =
                    (NodeStatus.Pending, plan.Version, definition, null, null, 0, null, null);
            }
        }
        var kept = plan.Nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows.Values.Where(r => !kept.Contains(r.NodeId) && r.Status is not (NodeStatus.Completed or NodeStatus.Error or NodeStatus.Cancelled or NodeStatus.Skipped)))
        {
            row.Status = NodeStatus.Skipped;
        }
    }

    /// The planner returns the diagnostics of each LLM draft it rejected as warnings `LLM draft N rejected: …`
    /// (docs/planner.md): one `plan_rejected` frame per draft, with its attempt number, before the plan.
    private static IEnumerable<PendingFrame> RejectedDrafts(IReadOnlyList<PlanDiagnostic> diagnostics) =>
        diagnostics
            .Select(d => (Diagnostic: d, Match: DraftPrefix().Match(d.Message)))
            .Where(x => x.Diagnostic.Severity == DiagnosticSeverity.Warning && x.Match.Success)
            .GroupBy(x => int.Parse(x.Match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key)
            .Select(g => new PendingFrame(FlexEventTypes.PlanRejected, Message: $"LLM draft {g.Key} rejected",
                Payload: RunFrames.Payload(new PlanRejectedPayload { Diagnostics = g.Select(x => x.Diagnostic).ToList(), Attempt = g.Key },
                    FlexJsonContext.Default.PlanRejectedPayload)));

    [System.Text.RegularExpressions.GeneratedRegex(@"^LLM draft (?<n>\d+)( rejected)?:")]
    private static partial System.Text.RegularExpressions.Regex DraftPrefix();

    private static TaskEnvelope Avoiding(TaskEnvelope envelope, IReadOnlyList<string>? avoid)
    {
        if (avoid is not { Count: > 0 })
            return envelope;
        var policies = envelope.Policies ?? new EnvelopePolicies();
        var planner = policies.Planner ?? new PlannerPolicy();
        var selection = planner.Selection ?? new SelectionPolicy();
        selection = selection with { Avoid = [.. selection.Avoid ?? [], .. avoid.Except(selection.Avoid ?? [])] };
        return envelope with { Policies = policies with { Planner = planner with { Selection = selection } } };
    }

    private static PendingFrame PlanRequested(PlanPhase phase) =>
        new(FlexEventTypes.PlanRequested, Message: phase == PlanPhase.Initial ? "Planning" : "Replanning",
            Payload: RunFrames.Payload(new PlanRequestedPayload { Phase = phase }, FlexJsonContext.Default.PlanRequestedPayload));
}
