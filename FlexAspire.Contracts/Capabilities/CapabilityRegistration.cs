namespace FlexAspire.Contracts.Capabilities;

/// Fields shared by what an agent registers and what the registry stores; one place so the two cannot drift.
public abstract record CapabilityDescriptor
{
    /// `area.Name`, e.g. `copywriter.SocialpostDrafting`.
    public required string CapabilityId { get; init; }

    /// Semver.
    public required string Version { get; init; }

    public required string DisplayName { get; init; }
    public required string Summary { get; init; }
    public required CapabilityKind Kind { get; init; }
    public required AgentType AgentType { get; init; }
    public OutputContract? InputContract { get; init; }
    public required OutputContract OutputContract { get; init; }
    public JsonObject? InputTraits { get; init; }
    public CapabilityCost? Cost { get; init; }
    public IReadOnlyList<string>? PreferredModels { get; init; }
    public HeartbeatSettings? Heartbeat { get; init; }

    /// Template name -> template (e.g. the system prompt of an AI capability).
    public JsonObject? InstructionTemplates { get; init; }

    /// For human capabilities: who gets the task and what happens when they decline.
    public HumanAssignment? AssignmentDefaults { get; init; }

    /// Where a remote agent is called; absent means the API process hosts the capability.
    public CapabilityInvocation? Invocation { get; init; }

    public JsonObject? Metadata { get; init; }
}

/// POST body of `/api/v1/flex/capabilities/register`.
public sealed record CapabilityRegistration : CapabilityDescriptor;

public sealed record CapabilityCost
{
    public string? Tier { get; init; }
    public int? EstimatedTokens { get; init; }
    public decimal? PricePer1kTokens { get; init; }
    public string? Currency { get; init; }
}

public sealed record HeartbeatSettings
{
    public required int IntervalSeconds { get; init; }
    public int? TimeoutSeconds { get; init; }
}

/// Used both as a capability's assignmentDefaults and as a plan node's executor.assignment.
public sealed record HumanAssignment
{
    public required string Role { get; init; }
    public string? AssignedTo { get; init; }
    public int? TimeoutSeconds { get; init; }
    public required DeclinePolicy OnDecline { get; init; }
    public int? Priority { get; init; }
}

public sealed record CapabilityInvocation
{
    public required string Url { get; init; }
}
