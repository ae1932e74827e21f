namespace FlexAspire.Contracts.Events;

/// `validation_error`: an output (or input) did not satisfy its contract.
public sealed record ValidationErrorPayload
{
    public required ValidationScope Scope { get; init; }
    public required int Attempt { get; init; }
    public required IReadOnlyList<ValidationIssue> Errors { get; init; }
}

/// One JSON Schema failure: where (JSON Pointer into the instance), which keyword, and why.
public sealed record ValidationIssue
{
    public required string InstancePath { get; init; }
    public required string Keyword { get; init; }
    public required string Message { get; init; }
}

/// `node_retry`: the node is re-asked, with the errors that caused it.
public sealed record NodeRetryPayload
{
    /// The attempt about to start (2 for the first retry).
    public required int Attempt { get; init; }
    public required int MaxAttempts { get; init; }
    public required string Reason { get; init; }
    public IReadOnlyList<ValidationIssue>? Errors { get; init; }
}

/// `node_error`: the node failed for good (or a transient fault that will be retried, see Retryable).
public sealed record NodeErrorPayload
{
    public required FlexError Error { get; init; }
    public int? Attempt { get; init; }
    public bool? Retryable { get; init; }
}

/// `hitl_resolved`.
public sealed record HitlResolvedPayload
{
    public required string RequestId { get; init; }
    public bool? Approved { get; init; }
    public JsonNode? Response { get; init; }
    public string? Operator { get; init; }
}

[JsonConverter(typeof(StrictEnumConverter<ValidationScope>))]
public enum ValidationScope
{
    [JsonStringEnumMemberName("capability_input")] CapabilityInput,
    [JsonStringEnumMemberName("capability_output")] CapabilityOutput,
    [JsonStringEnumMemberName("final_output")] FinalOutput,
}
