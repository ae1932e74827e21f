using FlexAspire.Api.Agents.Invocation;
using FlexAspire.Api.Capabilities;

namespace FlexAspire.Api.Runs.Execution;

/// Runs a plan node through the agent runtime: takes the capability's registration (hosted here, or the copy the
/// planner put in the node: no registry round trip per node), hands the invoker the context bundle and turns its
/// answer into the engine's result.
public sealed class CapabilityNodeRunner(IHostedCapabilityCatalog hosted, ICapabilityInvoker invoker) : INodeRunner
{
    public async Task<NodeRunResult> RunAsync(NodeRunRequest request, CancellationToken ct)
    {
        var node = request.Node;
        var registration = hosted.Registrations.FirstOrDefault(r => r.CapabilityId == node.CapabilityId)
                           ?? RegistrationOf(node);
        if (registration is null)
        {
            return new NodeRunResult.Failed(new FlexError
            {
                Code = "capability_unavailable",
                Message = $"Capability {node.CapabilityId} is not hosted by the API and its plan node carries no registration.",
            }, 0);
        }

        var result = await invoker.InvokeAsync(new CapabilityCall
        {
            Registration = registration,
            Request = new CapabilityInvocationRequest
            {
                RunId = request.RunId.ToString(),
                NodeId = node.Id,
                CapabilityId = node.CapabilityId,
                Objective = request.Envelope.Objective,
                Inputs = request.Inputs,
                SpecialInstructions = request.Envelope.SpecialInstructions ?? [],
                OutputSchema = ContractSchema.For(node.Contracts.Output),
                Attempt = 1,
                Variant = VariantOf(node),
            },
            OnAttemptFailed = async (failure, _) =>
                await request.OnInvalidAttempt(new NodeAttemptFailure(failure.Attempt, failure.MaxAttempts, failure.WillRetry, failure.Errors)),
            OfferHitlRequest = request.MayAskPerson,
        }, ct);

        NodeRunResult outcome = result.Status switch
        {
            CapabilityInvocationStatus.Succeeded => new NodeRunResult.Succeeded(result.Output!, result.Attempts),
            CapabilityInvocationStatus.HumanTaskRequired => new NodeRunResult.NeedsHuman(),
            CapabilityInvocationStatus.HitlRequested => new NodeRunResult.NeedsAnswer(result.HitlRequest!, result.Attempts),
            _ => new NodeRunResult.Failed(new FlexError
            {
                Code = result.Failure?.Code ?? "capability_failed",
                Message = result.Failure?.Message ?? $"Capability {node.CapabilityId} failed.",
            }, result.Attempts, result.Failure?.Errors, result.Failure?.Retryable == true),
        };
        return outcome with { Tokens = result.Usage.TotalTokens };
    }

    /// A node of a variant branch carries `metadata.variant` / `variantCount` (the planner's VariantExpander); the
    /// structuring node that converges them has a count but no variant of its own.
    private static VariantPosition? VariantOf(PlanNode node) =>
        NodeInputs.VariantOf(node) is { } index && node.Metadata?["variantCount"] is JsonValue count && count.TryGetValue<int>(out var n) && n > 1
            ? new VariantPosition { Index = index, Count = n }
            : null;

    private static CapabilityRegistration? RegistrationOf(PlanNode node) => node.Capability is not { } planned ? null : new()
    {
        CapabilityId = node.CapabilityId, Version = planned.Version, DisplayName = node.Label, Summary = planned.Summary,
        Kind = node.Kind, AgentType = node.Executor.Type, InputContract = node.Contracts.Input,
        OutputContract = node.Contracts.Output, PreferredModels = planned.PreferredModels,
        InstructionTemplates = planned.InstructionTemplates, AssignmentDefaults = node.Executor.Assignment,
        Invocation = planned.Invocation,
    };
}
