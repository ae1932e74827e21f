namespace FlexAspire.Contracts.Hitl;

/// Work assigned to a person by a human capability node (`GET /api/v1/flex/tasks`).
public sealed record HumanTask
{
    public required string TaskId { get; init; }
    public required string RunId { get; init; }
    public required string NodeId { get; init; }
    public required string CapabilityId { get; init; }
    public required string Role { get; init; }
    public string? AssignedTo { get; init; }
    public required HumanTaskStatus Status { get; init; }

    /// Facet name -> value the person works from.
    public required JsonObject Inputs { get; init; }

    /// What the person's output must satisfy (sent back via run.resume payload.output).
    public required JsonObject OutputSchema { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
}

/// POST body of `/api/v1/flex/tasks/{taskId}/decline`; also the `decline` of a run.resume payload.
public sealed record DeclineTaskRequest
{
    public required string Reason { get; init; }
    public string? Note { get; init; }
}

[JsonConverter(typeof(StrictEnumConverter<HumanTaskStatus>))]
public enum HumanTaskStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("declined")] Declined,
    [JsonStringEnumMemberName("expired")] Expired,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
