using FlexAspire.Api.Runs.Policies;

namespace FlexAspire.Api.Runs.Execution;

/// What the engine does after a trigger: go on as it would have (with the `emit` frames), hold for a person, stop
/// the run failed, or ask for a new plan. Frames are written by the caller together with its own state change.
public abstract record PolicyDecision(IReadOnlyList<PendingFrame> Frames)
{
    /// A state change that goes with the frames (a HITL request refused by the bound is still recorded).
    public Func<FlexDbContext, RunEntity, Task>? Change { get; init; }

    public sealed record GoOn(IReadOnlyList<PendingFrame> Frames) : PolicyDecision(Frames);
    public sealed record Ask(IReadOnlyList<PendingFrame> Frames, HitlStep Step, PendingWork Pending) : PolicyDecision(Frames);
    public sealed record Fail(IReadOnlyList<PendingFrame> Frames, FlexError Error) : PolicyDecision(Frames);
    public sealed record Replan(IReadOnlyList<PendingFrame> Frames, ReplanCause Cause) : PolicyDecision(Frames);
}

/// Evaluates the runtime policies at each trigger (docs/runs.md, "Runtime policies"): every matching `emit` policy
/// streams `policy_triggered`; the first matching policy with another action steers, and streams its own
/// `policy_triggered` when it acts.
public sealed class PolicyActions(IHumanInTheLoop? hitl = null)
{
    /// onStart, before any node of the first plan starts.
    public Task<PolicyDecision> OnStartAsync(RunState state, CancellationToken ct) =>
        DecideAsync(state, TriggerKind.OnStart, null, state.Envelope.Inputs?.DeepClone().AsObject() ?? [], null, null, ct);

    /// onNodeComplete: `facets` already hold the node's output. `hitl` / `pause` hold the output for review.
    public Task<PolicyDecision> OnNodeCompleteAsync(RunState state, PlanNode node, JsonNode output, JsonObject facets, CancellationToken ct) =>
        DecideAsync(state, TriggerKind.OnNodeComplete, node, facets, output, null, ct);

    /// onValidationFail (re-asks exhausted) and onTimeout (NodeTimeout reached): the node failed with `error`.
    public Task<PolicyDecision> OnNodeFailedAsync(RunState state, PlanNode node, FlexError error, JsonObject facets, CancellationToken ct)
    {
        var kind = error.Code switch { "validation_failed" or "input_invalid" => TriggerKind.OnValidationFail, "node_timeout" => TriggerKind.OnTimeout, _ => (TriggerKind?)null };
        return kind is { } trigger
            ? DecideAsync(state, trigger, node, facets, null, error, ct)
            : Task.FromResult<PolicyDecision>(new PolicyDecision.GoOn([]));
    }

    private async Task<PolicyDecision> DecideAsync(RunState state, TriggerKind trigger, PlanNode? node, JsonObject facets,
        JsonNode? output, FlexError? failure, CancellationToken ct)
    {
        var matching = RuntimePolicies.Matching(state.Envelope, trigger, node, facets);
        var frames = RuntimePolicies.Emitted(matching, node?.Id).ToList();
        if (RuntimePolicies.Steering(matching) is not { } policy)
            return new PolicyDecision.GoOn(frames);
        var triggered = RuntimePolicies.Triggered(policy, node?.Id);
        switch (policy.Action.Type)
        {
            case PolicyActionType.Hitl or PolicyActionType.Pause when hitl is not null:
                var step = output is not null && node is not null
                    ? await hitl.ReviewNodeAsync(state, node, output, policy, ct)
                    : await hitl.AskForPolicyAsync(state, policy, node, failure is null ? null : JsonSerializer.SerializeToNode(failure, FlexJsonContext.Default.FlexError), ct);
                if (step is { Pending: { } pending })
                    return new PolicyDecision.Ask([.. frames, .. step.Frames.Count > 0 ? [triggered] : Array.Empty<PendingFrame>(), .. step.Frames], step, pending);
                if (step is null && trigger is TriggerKind.OnStart or TriggerKind.OnNodeComplete)
                {
                    // Answered already: the run resumes past a trigger it reported (its `emit` frames included) when
                    // the question was asked, so nothing is streamed again.
                    return new PolicyDecision.GoOn([]);
                }
                // Answered already after an earlier failure of the node (this failure is a new one), or refused by the
                // request bound (its `log` frame says so).
                return new PolicyDecision.GoOn([.. frames, .. step?.Frames ?? []]) { Change = step?.Change };
            case PolicyActionType.Fail:
                var what = node is null ? "the run" : $"node {node.Id}";
                return new PolicyDecision.Fail([.. frames, triggered], new FlexError
                {
                    Code = "policy_failed",
                    Message = RuntimePolicies.Text(policy, "message") ?? $"Policy {policy.Id} failed {what}{(failure is null ? "" : $": {failure.Message}")}.",
                });
            case PolicyActionType.Replan:
                var reason = RuntimePolicies.Text(policy, "reason")
                    ?? $"Policy {policy.Id}{(node is null ? "" : $" on node {node.Id}")}{(failure is null ? "" : $": {failure.Message}")}";
                // A node that failed is avoided where the planner has another producer for its facets.
                var avoid = failure is not null && node is not null ? new[] { node.CapabilityId } : [];
                return new PolicyDecision.Replan([.. frames, triggered], new ReplanCause(reason, [], avoid));
            default:
                return new PolicyDecision.GoOn(frames);
        }
    }
}
