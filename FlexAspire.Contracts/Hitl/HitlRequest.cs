namespace FlexAspire.Contracts.Hitl;

/// A question put to an operator; also the payload of the `hitl_request` event.
public sealed record HitlRequest
{
    public required string RequestId { get; init; }
    public required string RunId { get; init; }
    public string? NodeId { get; init; }
    public required string Question { get; init; }
    public required HitlKind Kind { get; init; }
    public required bool AllowFreeForm { get; init; }
    public required HitlUrgency Urgency { get; init; }
    public required HitlRequestStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

[JsonConverter(typeof(StrictEnumConverter<HitlKind>))]
public enum HitlKind
{
    [JsonStringEnumMemberName("approval")] Approval,
    [JsonStringEnumMemberName("clarify")] Clarify,
}

[JsonConverter(typeof(StrictEnumConverter<HitlUrgency>))]
public enum HitlUrgency
{
    [JsonStringEnumMemberName("low")] Low,
    [JsonStringEnumMemberName("normal")] Normal,
    [JsonStringEnumMemberName("high")] High,
}

[JsonConverter(typeof(StrictEnumConverter<HitlRequestStatus>))]
public enum HitlRequestStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("resolved")] Resolved,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
