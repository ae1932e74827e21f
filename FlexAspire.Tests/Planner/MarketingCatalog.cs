namespace FlexAspire.Tests.Planner;

/// The lead's marketing catalog (issue 4; facets in docs/design.md) as in-memory records, with the agent runtime's cost figures.
public static class MarketingCatalog
{
    public static IReadOnlyList<CapabilityRecord> All { get; } =
    [
        Capability("strategist.SocialPosting", ["company_information", "post_context"], ["creative_brief", "strategic_rationale"], 1800),
        Capability("copywriter.SocialpostDrafting", ["creative_brief"], ["post_copy"], 1200),
        Capability("designer.VisualDesign", ["creative_brief"], ["post_visual"], 900),
        Capability("director.SocialPostingReview", ["post_copy", "post_visual"], ["post"], 1500, CapabilityKind.Validation),
        Capability("strategist.Positioning", ["company_information", "positioning_context"], ["value_canvas", "positioning_opportunities"], 2200),
        Capability("copywriter.Messaging", ["value_canvas", "positioning_opportunities"], ["positioning_recommendation", "messaging_stack"], 2000),
        Capability("director.PositioningReview", ["positioning_recommendation", "messaging_stack"], ["positioning"], 1800, CapabilityKind.Validation),
        Capability("HumanAgent.clarifyBrief", ["clarification_request"], ["clarification_response"], 0, agentType: AgentType.Human),
        Capability("contract.Structurer", [], [], 1500, CapabilityKind.Structuring),
    ];

    public static CapabilityRecord Capability(string id, string[] inputs, string[] outputs, int tokens,
        CapabilityKind kind = CapabilityKind.Execution, AgentType agentType = AgentType.Ai,
        CapabilityStatus status = CapabilityStatus.Active) => new()
    {
        CapabilityId = id,
        Version = "1.0.0",
        DisplayName = id,
        Summary = $"test capability {id}",
        Kind = kind,
        AgentType = agentType,
        InputContract = inputs.Length == 0 ? null : new FacetsOutputContract { Facets = inputs },
        OutputContract = outputs.Length == 0
            ? new JsonSchemaOutputContract { Schema = new() { ["type"] = "object" } }
            : new FacetsOutputContract { Facets = outputs },
        Cost = new CapabilityCost { EstimatedTokens = tokens },
        AssignmentDefaults = agentType == AgentType.Human ? new HumanAssignment { Role = "strategist", OnDecline = DeclinePolicy.Requeue } : null,
        Status = status,
        RegisteredAt = DateTimeOffset.UnixEpoch,
        LastSeenAt = DateTimeOffset.UnixEpoch,
        InputFacets = inputs,
        OutputFacets = outputs,
    };
}
