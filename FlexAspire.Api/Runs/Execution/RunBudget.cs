namespace FlexAspire.Api.Runs.Execution;

/// `constraints.maxTokens` (a run-wide model token budget) and `constraints.deadlineSeconds` (a wall-clock deadline
/// from the run's creation), both checked by the engine (docs/runs.md, "Budgets").
public static class RunBudget
{
    public static long? MaxTokens(TaskEnvelope envelope) => Number(envelope, "maxTokens");

    /// When the run must have ended, or null without a deadline.
    public static DateTimeOffset? Deadline(TaskEnvelope envelope, DateTimeOffset createdAt) =>
        Number(envelope, "deadlineSeconds") is { } seconds ? createdAt.AddSeconds(seconds) : null;

    public static FlexError Exhausted(long used, long budget) => new()
    {
        Code = "token_budget_exhausted",
        Message = $"The run used {used} model tokens, more than its budget of {budget} (constraints.maxTokens).",
    };

    public static FlexError DeadlineReached(DateTimeOffset deadline) => new()
    {
        Code = "deadline_exceeded",
        Message = $"The run did not finish by its deadline {deadline:O} (constraints.deadlineSeconds, counted from the run's creation).",
    };

    private static long? Number(TaskEnvelope envelope, string key) =>
        envelope.Constraints?[key] is { } value && value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<long>(out var n) ? n : null;
}
