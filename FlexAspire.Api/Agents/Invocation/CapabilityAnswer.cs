namespace FlexAspire.Api.Agents.Invocation;

/// Where a capability's answers come from: a model conversation or a remote agent. One source per invocation;
/// AskAsync is called once per attempt, with the errors of the previous answer on a re-ask.
internal interface ICapabilityAnswerSource
{
    Task<CapabilityAnswer> AskAsync(int attempt, IReadOnlyList<ValidationIssue>? previousErrors, CancellationToken cancellationToken);
}

/// Text to parse (a model's answer), an already-parsed output (a remote's), or a failure that ends the invocation.
internal sealed record CapabilityAnswer
{
    public string? Text { get; init; }
    public JsonNode? Output { get; init; }
    public bool HasOutput { get; init; }
    public CapabilityFailure? Failure { get; init; }
    public CapabilityCallRecord? Call { get; init; }

    /// The model called `hitl_request` (HitlRequestTool) instead of answering.
    public AgentHitlRequest? HitlRequest { get; init; }

    /// The answer is invalid for a reason other than its output (e.g. a malformed `hitl_request` call): re-asked.
    public ValidationIssue? Problem { get; init; }
}
