using FlexAspire.Api.Agents.Invocation;

namespace FlexAspire.Api.Runs.Execution;

/// One HITL decision for the engine to journal: the state change and frames go in one write. Pending is what the run
/// now waits for (null: nobody is asked, e.g. a request beyond the per-run bound was recorded as denied); Error
/// means the run cannot go on.
public sealed record HitlStep(
    Func<FlexDbContext, RunEntity, Task>? Change,
    IReadOnlyList<PendingFrame> Frames,
    PendingWork? Pending,
    FlexError? Error = null);

/// Where the run engine meets people (the Hitl feature implements it). Every method is idempotent for a run that is
/// executed again after a pause or a restart: an open task or pending request is found, not raised twice.
public interface IHumanInTheLoop
{
    /// A human capability node: its open task, created when missing.
    Task<HitlStep> OpenTaskAsync(RunState state, PlanNode node, JsonObject inputs, CancellationToken ct);

    /// After a node produced `output` and an onNodeComplete policy (action `hitl` or `pause`) asks a person first:
    /// the request, held with the output (null once it was answered: the node completes).
    Task<HitlStep?> ReviewNodeAsync(RunState state, PlanNode node, JsonNode output, RuntimePolicy policy, CancellationToken ct);

    /// A policy's `hitl` / `pause` action about the run (`node` null, onStart) or a node that failed (onValidationFail,
    /// onTimeout): asked once per (run, node); null once answered.
    Task<HitlStep?> AskForPolicyAsync(RunState state, RuntimePolicy policy, PlanNode? node, JsonNode? subject, CancellationToken ct);

    /// Before `completed`: approval of the final output when `constraints.requiresHitlApproval` asks for it; null
    /// once approved (an approval is never asked for again).
    Task<HitlStep?> ReviewFinalOutputAsync(RunState state, JsonNode output, CancellationToken ct);

    /// A node's agent called `hitl_request`: the request, raised once per node (a pending one is returned again; null
    /// when it was already answered or denied). With `request` null only the pending request is looked up.
    Task<HitlStep?> AskForAgentAsync(RunState state, PlanNode node, AgentHitlRequest? request, CancellationToken ct);

    /// Whether the node's agent may still ask a person: it has not asked yet (an answered or denied request is not asked again).
    Task<bool> AgentMayAskAsync(RunState state, string nodeId, CancellationToken ct);

    /// Instructions added to a node's prompt when it re-runs: the clarifications people gave for it.
    Task<IReadOnlyList<string>> InstructionsForAsync(RunState state, string nodeId, CancellationToken ct);
}
