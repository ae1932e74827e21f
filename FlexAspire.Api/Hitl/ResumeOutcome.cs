namespace FlexAspire.Api.Hitl;

/// What a resume or decline came to, before any byte of the response. It crosses replicas (the run's grain answers it).
[GenerateSerializer]
public abstract record ResumeOutcome
{
    /// Answered (or replayed): stream the run's frames after FromSeq, up to the next `complete`.
    [GenerateSerializer]
    public sealed record Continued([property: Id(0)] Guid RunId, [property: Id(1)] long FromSeq) : ResumeOutcome;
    [GenerateSerializer]
    public sealed record Invalid([property: Id(0)] Dictionary<string, string[]> Errors) : ResumeOutcome;
    /// A human submission that does not satisfy the node's output contract; the run stays paused.
    [GenerateSerializer]
    public sealed record Unprocessable([property: Id(0)] IReadOnlyList<ValidationIssue> Errors) : ResumeOutcome;
    [GenerateSerializer]
    public sealed record NotFound([property: Id(0)] string Detail) : ResumeOutcome;
    [GenerateSerializer]
    public sealed record Conflict([property: Id(0)] string Detail) : ResumeOutcome;

    public static Invalid Field(string field, string reason) => new(new() { [field] = [reason] });
}
