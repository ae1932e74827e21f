using System.Text.Json.Serialization;

namespace FlexAspire.Api.Agents.Invocation;

/// What the run engine calls for one plan node. (Not named CapabilityInvocation: Contracts already has a record of
/// that name, the registration's `invocation{url}`, and the two would collide in every file that uses both.)
public interface ICapabilityInvoker
{
    /// Runs the capability, validates its output against `Request.OutputSchema` and re-asks with the errors up to
    /// `Flex:Agents:MaxValidationAttempts` answers. Transient faults are retried below this (resilience handler) and
    /// never count as attempts. Throws only OperationCanceledException, when `cancellationToken` is cancelled.
    Task<CapabilityInvocationResult> InvokeAsync(CapabilityCall call, CancellationToken cancellationToken);
}

public sealed record CapabilityCall
{
    public required CapabilityRegistration Registration { get; init; }
    public required CapabilityInvocationRequest Request { get; init; }

    /// Awaited after every answer that failed validation, before the re-ask (the run engine persists and sends
    /// `validation_error` and, when WillRetry, `node_retry`). A callback rather than IProgress so frames stay ordered.
    public Func<CapabilityAttemptFailed, CancellationToken, ValueTask>? OnAttemptFailed { get; init; }

    /// Offer model capabilities the `hitl_request` tool (HitlRequestTool). False once the node's agent has asked
    /// (answered or denied): a call to it then counts as an invalid attempt.
    public bool OfferHitlRequest { get; init; }
}

/// One answer that did not satisfy the output contract.
public sealed record CapabilityAttemptFailed
{
    public required int Attempt { get; init; }
    public required int MaxAttempts { get; init; }
    public required bool WillRetry { get; init; }
    public required IReadOnlyList<ValidationIssue> Errors { get; init; }
}

/// Wire names (snake_case, like the run and node statuses) for the `flex.invocation.status` span attribute.
public enum CapabilityInvocationStatus
{
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("failed")] Failed,

    /// A human capability: nothing was invoked; the run engine creates the human task (HITL issue).
    [JsonStringEnumMemberName("human_task_required")] HumanTaskRequired,

    /// The model called `hitl_request`: HitlRequest says what to ask; the run engine asks a person and runs the node again.
    [JsonStringEnumMemberName("hitl_requested")] HitlRequested,
}

public sealed record CapabilityInvocationResult
{
    public required CapabilityInvocationStatus Status { get; init; }

    /// The validated output (Succeeded only).
    public JsonNode? Output { get; init; }

    public CapabilityFailure? Failure { get; init; }

    /// HitlRequested only.
    public AgentHitlRequest? HitlRequest { get; init; }

    /// The model that produced the output, `remote` for remote capabilities, null for human ones.
    public string? Model { get; init; }

    /// Sum over all calls of this invocation (re-asks included).
    public required TokenUsage Usage { get; init; }

    /// One entry per model call (or remote call), in order.
    public required IReadOnlyList<CapabilityCallRecord> Calls { get; init; }

    public required TimeSpan Duration { get; init; }

    /// Answers requested (1 when the first answer was valid).
    public required int Attempts { get; init; }
}

/// Codes: see CapabilityFailureCodes. Retryable: a transient fault outlived the retries; running the node later may work.
public sealed record CapabilityFailure(string Code, string Message, bool Retryable, IReadOnlyList<ValidationIssue>? Errors = null);

public static class CapabilityFailureCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string InvalidOutputSchema = "invalid_output_schema";
    public const string Timeout = "timeout";
    public const string Unavailable = "unavailable";
    public const string Unreachable = "unreachable";
    public const string Rejected = "rejected";
    public const string RemoteInvalidResponse = "remote_invalid_response";
    public const string OutputTooLarge = "output_too_large";
    public const string Refused = "refused_by_policy";
}

public sealed record TokenUsage(long InputTokens, long OutputTokens, long TotalTokens)
{
    public static TokenUsage Zero { get; } = new(0, 0, 0);

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) =>
        new(a.InputTokens + b.InputTokens, a.OutputTokens + b.OutputTokens, a.TotalTokens + b.TotalTokens);
}

public sealed record CapabilityCallRecord(int Attempt, string Model, TokenUsage Usage, TimeSpan Duration);
