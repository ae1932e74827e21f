using FlexAspire.Api.Agents.Invocation;
using FlexAspire.Api.Capabilities;
using FlexAspire.Api.Runs.Policies;

namespace FlexAspire.Api.Hitl;

/// The run engine's side of HITL: opens human tasks, raises policy and final-approval requests (each asked once),
/// and hands clarifications back to re-running nodes.
public sealed class HumanInTheLoop(IServiceScopeFactory scopes, HitlRaiser raiser, IHostedCapabilityCatalog hosted, TimeProvider clock) : IHumanInTheLoop
{
    private static readonly HumanAssignment FallbackAssignment = new() { Role = "operator", OnDecline = DeclinePolicy.FailRun };

    public async Task<HitlStep> OpenTaskAsync(RunState state, PlanNode node, JsonObject inputs, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var open = await db.HumanTasks.AsNoTracking()
            .FirstOrDefaultAsync(t => t.RunId == state.Run.Id && t.NodeId == node.Id && t.Status == HumanTaskStatus.Pending, ct);
        if (open is not null)
        {
            return new HitlStep(null, [], HumanTaskViews.Pending(open));
        }
        var assignment = node.Executor.Assignment ?? hosted.Registrations.FirstOrDefault(r => r.CapabilityId == node.CapabilityId)?.AssignmentDefaults ?? FallbackAssignment;
        var now = clock.GetUtcNow();
        var task = new HumanTaskEntity
        {
            Id = Guid.CreateVersion7(now),
            RunId = state.Run.Id,
            NodeId = node.Id,
            CapabilityId = node.CapabilityId,
            Role = assignment.Role,
            AssignedTo = assignment.AssignedTo,
            Status = HumanTaskStatus.Pending,
            Priority = assignment.Priority ?? 0,
            Inputs = inputs.ToJsonString(),
            OutputSchema = ContractSchema.For(node.Contracts.Output).ToJsonString(),
            OnDecline = JsonSerializer.SerializeToElement(assignment.OnDecline, FlexJsonContext.Default.DeclinePolicy).GetString()!,
            DueAt = assignment.TimeoutSeconds is > 0 and var seconds ? now.AddSeconds(seconds) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return new HitlStep((d, _) => { d.HumanTasks.Add(task); return Task.CompletedTask; }, [], HumanTaskViews.Pending(task));
    }

    public async Task<HitlStep?> ReviewNodeAsync(RunState state, PlanNode node, JsonNode output, RuntimePolicy policy, CancellationToken ct)
    {
        var (question, kind) = QuestionOf(policy, $"Approve the output of {node.Label}?", $"What should {node.Label} take into account?");
        return await AskOnceAsync(state, new HitlQuestion(question, kind, HitlPurposes.NodeReview, node.Id, output.DeepClone(),
            UrgencyOf(policy.Action.Params), PolicyId: policy.Id), ct);
    }

    public async Task<HitlStep?> AskForPolicyAsync(RunState state, RuntimePolicy policy, PlanNode? node, JsonNode? subject, CancellationToken ct)
    {
        var what = node is null ? "the run" : node.Label;
        var (question, kind) = QuestionOf(policy, $"Policy {policy.Id} paused {what}. Continue?", $"Policy {policy.Id}: what should {what} take into account?");
        return await AskOnceAsync(state, new HitlQuestion(question, kind, HitlPurposes.Policy, node?.Id, subject?.DeepClone(),
            UrgencyOf(policy.Action.Params), PolicyId: policy.Id), ct);
    }

    /// `pause` always asks for approval to go on; `hitl` asks what its params say (approval by default).
    private static (string Question, HitlKind Kind) QuestionOf(RuntimePolicy policy, string approval, string clarify)
    {
        var kind = policy.Action.Type == PolicyActionType.Hitl && RuntimePolicies.Text(policy, "kind") == "clarify" ? HitlKind.Clarify : HitlKind.Approval;
        return (RuntimePolicies.Text(policy, "question") ?? (kind == HitlKind.Clarify ? clarify : approval), kind);
    }

    public async Task<HitlStep?> ReviewFinalOutputAsync(RunState state, JsonNode output, CancellationToken ct)
    {
        if (state.Envelope.Constraints?["requiresHitlApproval"]?.GetValueKind() != JsonValueKind.True)
        {
            return null;
        }
        var step = await AskOnceAsync(state, new HitlQuestion("Approve the run's final output?", HitlKind.Approval, HitlPurposes.FinalApproval,
            Subject: output.DeepClone()), ct);
        // Completing without the required approval is not an option: when the bound denied the request, the run fails.
        return step is { Pending: null }
            ? step with { Error = new() { Code = "hitl_limit_reached", Message = "The run needs approval of its output, but its HITL request limit is reached." } }
            : step;
    }

    public async Task<HitlStep?> AskForAgentAsync(RunState state, PlanNode node, AgentHitlRequest? request, CancellationToken ct)
    {
        if (request is null)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
            var key = state.Run.Id.ToString();
            var pending = await db.HitlRequests.AsNoTracking()
                .Where(r => r.RunId == key && (r.FlexPurpose == HitlPurposes.AgentRequest || r.FlexPurpose == HitlPurposes.Policy)
                    && r.FlexNodeId == node.Id && r.Status == HitlStatuses.Pending)
                .FirstOrDefaultAsync(ct);
            return pending is null ? null : new HitlStep(null, [], HitlRequestRecords.Pending(pending));
        }
        return await AskOnceAsync(state, new HitlQuestion(request.Question, request.Kind, HitlPurposes.AgentRequest, node.Id,
            Urgency: request.Urgency, AllowFreeForm: request.AllowFreeForm), ct);
    }

    public async Task<bool> AgentMayAskAsync(RunState state, string nodeId, CancellationToken ct)
    {
        if (!state.HasHitlRequests)
        {
            return true; // nothing was ever asked in this run: no query per node
        }
        var runId = state.Run.Id;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var key = runId.ToString();
        return !await db.HitlRequests.AnyAsync(r => r.RunId == key && r.FlexPurpose == HitlPurposes.AgentRequest && r.FlexNodeId == nodeId, ct);
    }

    public async Task<IReadOnlyList<string>> InstructionsForAsync(RunState state, string nodeId, CancellationToken ct)
    {
        if (!state.HasHitlRequests)
        {
            return [];
        }
        var runId = state.Run.Id;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var key = runId.ToString();
        var answers = await db.HitlRequests.AsNoTracking()
            .Where(r => r.RunId == key && (r.FlexNodeId == nodeId || (r.FlexNodeId == null && r.FlexPurpose == HitlPurposes.Policy))
                && r.Status == HitlStatuses.Resolved)
            .Join(db.HitlResponses, r => r.Id, a => a.RequestId, (r, a) => new { r.Payload, r.FlexPurpose, a.ResponseType, a.FreeformText, r.CreatedAt })
            .Where(x => (x.ResponseType == "freeform" && x.FreeformText != null) || (x.ResponseType == "approval" && x.FlexPurpose == HitlPurposes.AgentRequest))
            .OrderBy(x => x.CreatedAt).ToListAsync(ct);
        // An agent's approval request comes back as its answer: approved, with the person's note when they gave one.
        return answers.Select(a => a.ResponseType == "approval"
            ? $"Approval from a person. Question: {JsonNode.Parse(a.Payload)?["question"]} Answer: approved{(a.FreeformText is { } t ? $". {t}" : "")}"
            : $"Clarification from a person. Question: {JsonNode.Parse(a.Payload)?["question"]} Answer: {a.FreeformText}").ToList();
    }

    /// A question is asked once per (run, node, purpose, policy): a pending request is returned again, an answered or
    /// denied one means nobody is asked again. Two policies that ask about one node ask one question each.
    private async Task<HitlStep?> AskOnceAsync(RunState state, HitlQuestion question, CancellationToken ct)
    {
        state.HasHitlRequests = true;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var key = state.Run.Id.ToString();
        var asked = await db.HitlRequests.AsNoTracking()
            .Where(r => r.RunId == key && r.FlexPurpose == question.Purpose && r.FlexNodeId == question.NodeId)
            .OrderByDescending(r => r.CreatedAt).ToListAsync(ct);
        // A request that names no policy (asked before requests named theirs) stands for any policy.
        var earlier = asked.FirstOrDefault(r => question.PolicyId is null || HitlRequestRecords.PolicyOf(r) is not { } policy || policy == question.PolicyId);
        return earlier switch
        {
            null => await raiser.RaiseAsync(db, state.Run.Id, question, ct),
            { Status: HitlStatuses.Pending } => new HitlStep(null, [], HitlRequestRecords.Pending(earlier)),
            { Status: HitlStatuses.Denied } => new HitlStep(null, [], Pending: null),
            _ => null,
        };
    }

    private static HitlUrgency UrgencyOf(JsonObject? parameters) => parameters?["urgency"]?.GetValue<string>() switch
    {
        "low" => HitlUrgency.Low,
        "high" => HitlUrgency.High,
        _ => HitlUrgency.Normal,
    };
}
