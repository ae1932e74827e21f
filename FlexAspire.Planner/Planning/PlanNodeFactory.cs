namespace FlexAspire.Planner.Planning;

/// PlanNodes from draft nodes and completed nodes: contracts, executor and kind come from the capability record, so
/// a draft only has to say which capability runs and what it reads and writes.
public static class PlanNodeFactory
{
    public static PlanNode FromDraft(DraftNode draft, CapabilityRecord? capability) => new()
    {
        Id = draft.CapabilityId,
        Kind = capability?.Kind ?? CapabilityKind.Execution,
        CapabilityId = draft.CapabilityId,
        Label = capability?.DisplayName ?? draft.CapabilityId,
        Status = NodeStatus.Pending,
        InputFacets = draft.InputFacets,
        OutputFacets = draft.OutputFacets,
        Contracts = new NodeContracts
        {
            Input = capability?.InputContract ?? new FacetsOutputContract { Facets = draft.InputFacets },
            Output = capability?.OutputContract ?? new FacetsOutputContract { Facets = draft.OutputFacets },
        },
        Executor = new NodeExecutor
        {
            Type = capability?.AgentType ?? AgentType.Ai,
            Assignment = capability?.AgentType == AgentType.Human ? capability.AssignmentDefaults : null,
        },
        Rationale = [draft.Rationale],
        Capability = capability is null ? null : new PlannedCapability
        {
            Version = capability.Version,
            Summary = capability.Summary,
            PreferredModels = capability.PreferredModels,
            InstructionTemplates = capability.InstructionTemplates,
            Invocation = capability.Invocation,
        },
        Metadata = capability is null ? null : new JsonObject { ["capabilityVersion"] = capability.Version },
    };

    /// A node that already ran keeps its id and its output (metadata.output, facet -> value) across replans.
    public static PlanNode Completed(CompletedNodeState state, CapabilityRecord? capability, int version)
    {
        var outputs = state.Outputs?.DeepClone().AsObject() ?? [];
        var capabilityId = state.CapabilityId ?? capability?.CapabilityId ?? state.Id.Split('#', ':')[0];
        return new PlanNode
        {
            Id = state.Id,
            Kind = capability?.Kind ?? CapabilityKind.Execution,
            CapabilityId = capabilityId,
            Label = capability?.DisplayName ?? capabilityId,
            Status = NodeStatus.Completed,
            InputFacets = capability?.InputFacets ?? [],
            OutputFacets = outputs.Select(p => p.Key).ToList(),
            Contracts = new NodeContracts
            {
                Input = capability?.InputContract,
                Output = capability?.OutputContract ?? new FacetsOutputContract { Facets = outputs.Select(p => p.Key).ToList() },
            },
            Executor = new NodeExecutor { Type = capability?.AgentType ?? AgentType.Ai },
            Rationale = [$"completed before replan (plan version {version - 1}); kept with its output"],
            Metadata = new JsonObject { ["output"] = outputs },
        };
    }
}
