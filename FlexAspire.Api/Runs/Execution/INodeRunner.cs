using FlexAspire.Api.Agents.Invocation;

namespace FlexAspire.Api.Runs.Execution;

/// One failed attempt of a node whose output did not satisfy its contract; the node is re-asked with the errors.
public sealed record NodeAttemptFailure(int Attempt, int MaxAttempts, bool WillRetry, IReadOnlyList<ValidationIssue> Errors);

public sealed record NodeRunRequest(
    Guid RunId,
    TaskEnvelope Envelope,
    PlanNode Node,
    JsonObject Inputs,
    Func<NodeAttemptFailure, Task> OnInvalidAttempt,
    bool MayAskPerson = false);

public abstract record NodeRunResult
{
    /// Model tokens the node's calls used (input + output; remote agents report none).
    public long Tokens { get; init; }

    /// Output: an object of the node's output facets, or, for a structuring node, the caller-shaped document.
    public sealed record Succeeded(JsonNode Output, int Attempts) : NodeRunResult;
    /// Retryable: a transient fault (429, 5xx, timeout, open circuit) outlived the per-call retries; the scheduler
    /// runs the node again within its time budget (Flex:Runs:NodeRetries).
    public sealed record Failed(FlexError Error, int Attempts, IReadOnlyList<ValidationIssue>? Errors = null, bool Retryable = false) : NodeRunResult;
    /// A human capability: the run pauses until a person answers (see the HITL feature).
    public sealed record NeedsHuman : NodeRunResult;
    /// The node's agent asked a person (the `hitl_request` tool); the node runs again once they answered.
    public sealed record NeedsAnswer(AgentHitlRequest Request, int Attempts) : NodeRunResult;
}

/// Executes one plan node: builds the capability's context, calls it, validates and repairs its output.
public interface INodeRunner
{
    Task<NodeRunResult> RunAsync(NodeRunRequest request, CancellationToken ct);
}
