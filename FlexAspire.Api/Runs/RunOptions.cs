namespace FlexAspire.Api.Runs;

/// Configuration section `Flex:Runs`.
public sealed class RunOptions
{
    public const string Section = "Flex:Runs";

    /// Runs executing at once on this replica.
    public int MaxConcurrentRuns { get; set; } = 2048;

    /// Runs accepted but not yet started; beyond it run.stream answers 503 with Retry-After.
    public int MaxBacklog { get; set; } = 4096;

    /// Nodes of one run executing at once.
    public int MaxParallelNodes { get; set; } = 4;

    /// Per node, across validation retries and node retries.
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// How often a node that failed on a transient fault (429/5xx/timeout/open circuit, after the per-call HTTP
    /// retries) is run again as a whole, within NodeTimeout. 0 turns node retries off.
    public int NodeRetries { get; set; } = 2;

    /// Backoff before the first node retry; doubled for each further one.
    public TimeSpan NodeRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// Heartbeat frames keep proxies from closing idle streams.
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// How often a stream looks for frames written by another API instance (same-instance frames wake it at once).
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// Period of the reminder that keeps a run with work to do alive: after its replica dies, the run continues on a
    /// survivor at the next tick (plus the ~2 s the cluster takes to declare the replica dead).
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// New plan versions a run may ask for (after failed goal conditions or a `replan` policy); beyond it a failed
    /// goal condition fails the run.
    public int MaxReplans { get; set; } = 2;
}
