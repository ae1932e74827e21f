namespace FlexAspire.Contracts.Hitl;

/// POST body of `/api/v1/flex/run.resume`: answers a HITL request (hitl) or completes/declines a human task (payload).
public sealed record RunResumeRequest
{
    public required string RunId { get; init; }

    /// Optimistic concurrency: the resume is refused (409) when the run's plan moved on.
    public int? ExpectedPlanVersion { get; init; }

    public string? Operator { get; init; }
    public string? Note { get; init; }
    public HitlAnswer? Hitl { get; init; }
    public HumanTaskSubmission? Payload { get; init; }
}

public sealed record HitlAnswer
{
    public required string RequestId { get; init; }

    /// For approval requests.
    public bool? Approved { get; init; }

    /// For clarify requests: free text or a clarification_response value.
    public JsonNode? Response { get; init; }
}

/// A human capability's result for one node: either its output or a decline.
public sealed record HumanTaskSubmission
{
    public required string NodeId { get; init; }
    public JsonNode? Output { get; init; }
    public DeclineTaskRequest? Decline { get; init; }

    /// When the person submitted, as their client says (the existing system's clients send it); recorded with the answer.
    public string? SubmittedAt { get; init; }
}
