using FlexAspire.Api.Runs.Policies;

namespace FlexAspire.Api.Runs.Execution;

/// New plan versions within `Flex:Runs:MaxReplans`, whoever asks for them (failed goal conditions, a `replan` policy).
public sealed class RunReplans(RunPlanning planning, RunCompletion completion, IOptions<RunOptions> options)
{
    /// A policy's replan counts against `MaxReplans` like a goal condition's; beyond it the run fails.
    public async Task<FlexPlan?> WithinBoundAsync(RunJournal journal, RunState state, FlexPlan plan, ReplanCause cause, CancellationToken ct)
    {
        if (plan.Version - 1 < options.Value.MaxReplans)
            return await planning.ReplanAsync(journal, state, plan, cause, ct);
        var error = new FlexError
        {
            Code = "replan_limit_reached",
            Message = $"The run already replanned {plan.Version - 1} time(s) (Flex:Runs:MaxReplans): {cause.Reason}",
        };
        await completion.FailAsync(journal, error, [], ct);
        return null;
    }

    /// Replans while the bound (`MaxReplans`, counted by plan versions) allows; then the run fails with the results.
    /// Returns the new plan, or null when the run ended (failed, or the replan was refused).
    public async Task<FlexPlan?> AfterGoalsFailedAsync(RunJournal journal, RunState state, FlexPlan plan, IReadOnlyList<GoalConditionResult> goals, CancellationToken ct)
    {
        var failed = goals.Where(g => !g.Satisfied).ToList();
        var replan = plan.Version - 1 < options.Value.MaxReplans ? plan.Version : (int?)null;
        var frames = failed.Select(g => new PendingFrame(FlexEventTypes.GoalConditionFailed, Message: g.Reason,
            Payload: RunFrames.Payload(new GoalConditionFailedPayload { Facet = g.Facet, Path = g.Path, Dsl = g.Dsl, Reason = g.Reason, Replan = replan },
                FlexJsonContext.Default.GoalConditionFailedPayload))).ToList();
        if (replan is null)
        {
            var error = new FlexError
            {
                Code = "goal_condition_failed",
                Message = $"{failed.Count} goal condition(s) still failed after {plan.Version - 1} replan(s): {string.Join(" ", failed.Select(g => g.Reason))}",
            };
            await completion.FailAsync(journal, error, frames, ct, goals);
            return null;
        }
        await journal.WriteAsync(null, frames, ct);
        var reason = $"Goal condition(s) failed: {string.Join(" ", failed.Select(g => g.Reason))}";
        return await planning.ReplanAsync(journal, state, plan, new ReplanCause(reason, failed), ct);
    }

    /// A node of the current plan that failed while the run goes on: a `replan` policy took that failure (a human
    /// task's timeout is decided while the run is paused; or the execution that recorded the failure ended before
    /// it could replan), so the next plan version is owed. The failed capability is avoided, as in a replan that
    /// follows the failure at once.
    public static ReplanCause? OwedAfterFailure(RunState state, FlexPlan plan)
    {
        var failed = plan.Nodes.Where(n => state.Nodes.TryGetValue(n.Id, out var row) && row.Status == NodeStatus.Error).ToList();
        if (failed.Count == 0)
            return null;
        var facets = state.InitialFacets(plan);
        var reasons = failed.Select(node =>
        {
            var error = state.Nodes[node.Id].Error is { } json ? JsonSerializer.Deserialize(json, FlexJsonContext.Default.FlexError) : null;
            var trigger = error?.Code switch { "validation_failed" or "input_invalid" => TriggerKind.OnValidationFail, _ => TriggerKind.OnTimeout };
            var policy = RuntimePolicies.Steering(RuntimePolicies.Matching(state.Envelope, trigger, node, facets));
            return (policy is { Action.Type: PolicyActionType.Replan } ? RuntimePolicies.Text(policy, "reason") : null)
                   ?? $"{(policy is null ? "" : $"Policy {policy.Id} on node ")}{node.Id}{(error is null ? " failed" : $": {error.Message}")}";
        });
        return new ReplanCause(string.Join(" ", reasons), [], failed.Select(n => n.CapabilityId).Distinct().ToList());
    }
}
