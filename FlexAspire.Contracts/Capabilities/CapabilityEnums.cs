namespace FlexAspire.Contracts.Capabilities;

[JsonConverter(typeof(StrictEnumConverter<CapabilityKind>))]
public enum CapabilityKind
{
    [JsonStringEnumMemberName("structuring")] Structuring,
    [JsonStringEnumMemberName("execution")] Execution,
    [JsonStringEnumMemberName("validation")] Validation,
    [JsonStringEnumMemberName("transformation")] Transformation,
    [JsonStringEnumMemberName("routing")] Routing,
}

[JsonConverter(typeof(StrictEnumConverter<AgentType>))]
public enum AgentType
{
    [JsonStringEnumMemberName("ai")] Ai,
    [JsonStringEnumMemberName("human")] Human,
}

[JsonConverter(typeof(StrictEnumConverter<DeclinePolicy>))]
public enum DeclinePolicy
{
    [JsonStringEnumMemberName("fail_run")] FailRun,
    [JsonStringEnumMemberName("requeue")] Requeue,
    [JsonStringEnumMemberName("escalate")] Escalate,
}

[JsonConverter(typeof(StrictEnumConverter<CapabilityStatus>))]
public enum CapabilityStatus
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("inactive")] Inactive,
}
