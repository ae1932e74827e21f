namespace FlexAspire.Api.Runs.Execution;

/// How one schedule of a plan ended (PlanScheduler); the run's executor records the run's end or replans from it.
public abstract record ScheduleOutcome
{
    public sealed record Completed(JsonObject Facets, IReadOnlyDictionary<string, JsonNode> NodeOutputs) : ScheduleOutcome;
    public sealed record Failed(FlexError Error) : ScheduleOutcome;
    /// Paused for people: human tasks and/or HITL requests (the run is `awaiting_hitl` when any request is pending).
    public sealed record AwaitingHuman(IReadOnlyList<PendingWork> Pending) : ScheduleOutcome;
    /// A runtime policy asked for a new plan; the nodes that were running have finished.
    public sealed record Replan(ReplanCause Cause) : ScheduleOutcome;
}
