using FlexAspire.Contracts.Runs;

namespace FlexAspire.Api.Runs;

/// The wire spelling of statuses as stored in the database (text columns, readable in psql).
public static class RunStatusNames
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string AwaitingHitl = "awaiting_hitl";
    public const string AwaitingHuman = "awaiting_human";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsTerminal(string status) => status is Completed or Failed or Cancelled;

    public static bool IsKnown(string status) => status is Pending or Running or AwaitingHitl or AwaitingHuman or Completed or Failed or Cancelled;

    public static RunStatus Parse(string status) => status switch
    {
        Pending => RunStatus.Pending,
        Running => RunStatus.Running,
        AwaitingHitl => RunStatus.AwaitingHitl,
        AwaitingHuman => RunStatus.AwaitingHuman,
        Completed => RunStatus.Completed,
        Failed => RunStatus.Failed,
        Cancelled => RunStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };
}
