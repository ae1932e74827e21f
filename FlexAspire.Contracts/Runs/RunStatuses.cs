namespace FlexAspire.Contracts.Runs;

[JsonConverter(typeof(StrictEnumConverter<RunStatus>))]
public enum RunStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("awaiting_hitl")] AwaitingHitl,
    [JsonStringEnumMemberName("awaiting_human")] AwaitingHuman,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

[JsonConverter(typeof(StrictEnumConverter<NodeStatus>))]
public enum NodeStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("error")] Error,
    [JsonStringEnumMemberName("awaiting_hitl")] AwaitingHitl,
    [JsonStringEnumMemberName("awaiting_human")] AwaitingHuman,
    [JsonStringEnumMemberName("skipped")] Skipped,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

[JsonConverter(typeof(StrictEnumConverter<PendingKind>))]
public enum PendingKind
{
    [JsonStringEnumMemberName("hitl")] Hitl,
    [JsonStringEnumMemberName("task")] Task,
}

public static class RunStatusExtensions
{
    /// Completed, failed or cancelled: nothing more happens to the run.
    public static bool IsTerminal(this RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}
