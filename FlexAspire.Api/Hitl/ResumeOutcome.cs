using FlexAspire.Contracts.Events;

namespace FlexAspire.Api.Hitl;

/// What a resume or decline came to, before any byte of the response.
public abstract record ResumeOutcome
{
    /// Answered (or replayed): stream the run's frames after FromSeq, up to the next `complete`.
    public sealed record Continued(Guid RunId, long FromSeq) : ResumeOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ResumeOutcome;
    /// A human submission that does not satisfy the node's output contract; the run stays paused.
    public sealed record Unprocessable(IReadOnlyList<ValidationIssue> Errors) : ResumeOutcome;
    public sealed record NotFound(string Detail) : ResumeOutcome;
    public sealed record Conflict(string Detail) : ResumeOutcome;

    public static Invalid Field(string field, string reason) => new(new() { [field] = [reason] });
}
