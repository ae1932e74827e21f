namespace FlexAspire.Contracts.Envelopes;

/// What a caller asks flex to do. Optional members are null when absent so documents round-trip exactly;
/// semantic checks (lengths, ranges, facet names) live in the API's EnvelopeValidator, not here.
public sealed record TaskEnvelope
{
    public required string Objective { get; init; }

    /// Facet name -> facet value; each value must satisfy that facet's schema.
    public JsonObject? Inputs { get; init; }

    /// Free-form; known keys: threadId, resumeRunId, requiresHitlApproval, maxTokens, deadlineSeconds.
    public JsonObject? Constraints { get; init; }

    public EnvelopePolicies? Policies { get; init; }
    public IReadOnlyList<string>? SpecialInstructions { get; init; }
    public EnvelopeMetadata? Metadata { get; init; }

    // Snake case on the wire because existing flex clients already send it that way.
    [JsonPropertyName("goal_condition")]
    public IReadOnlyList<GoalCondition>? GoalConditions { get; init; }

    public required OutputContract OutputContract { get; init; }
}

public sealed record EnvelopeMetadata
{
    public string? ClientId { get; init; }
    public string? BrandId { get; init; }
    public string? CampaignId { get; init; }
    public string? CorrelationId { get; init; }
    public string? RunLabel { get; init; }

    /// Other keys a client sends (the existing system's clients add their own): kept as sent, never interpreted.
    // `set`: the source generator fills extension data after construction. A dictionary, not a JsonObject: the source
    // generator writes JsonObject extension data as a nested object inside the parent (invalid JSON).
    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Extra { get; set; }
}

/// Checked once the run has produced its output; a failure triggers a bounded replan.
public sealed record GoalCondition
{
    public required string Facet { get; init; }

    /// JSON Pointer into the facet's value.
    public required string Path { get; init; }

    public required GoalConditionExpression Condition { get; init; }
}

public sealed record GoalConditionExpression
{
    public required string Dsl { get; init; }
}
