namespace FlexAspire.Api.Hitl;

/// Configuration section `Flex:Hitl`.
public sealed class HitlOptions
{
    public const string Section = "Flex:Hitl";

    /// HITL requests one run may raise; beyond it a request is recorded as `denied` and nobody is asked.
    public int MaxRequestsPerRun { get; set; } = 10;

    /// How often the timeout job looks for human tasks past their due time.
    public TimeSpan TimeoutSweepInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// Why flex asked (hitl_requests.flex_purpose).
public static class HitlPurposes
{
    public const string FinalApproval = "final_approval";
    public const string NodeReview = "node_review";
    public const string Escalation = "escalation";
    /// The node's agent called the `hitl_request` tool.
    public const string AgentRequest = "agent_request";
    /// A runtime policy's `hitl` / `pause` action at onStart, onValidationFail or onTimeout.
    public const string Policy = "policy";
}

/// Statuses as the legacy tables spell them.
public static class HitlStatuses
{
    public const string Pending = "pending";
    public const string Resolved = "resolved";
    public const string Denied = "denied";
    public const string Cancelled = "cancelled";
}

