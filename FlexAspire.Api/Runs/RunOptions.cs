namespace FlexAspire.Api.Runs;

/// Configuration section `Flex:Runs`.
public sealed class RunOptions
{
    public const string Section = "Flex:Runs";

    /// Runs executing at once in this process.
    public int MaxConcurrentRuns { get; set; } = 16;

    /// Runs accepted but not yet started; beyond it run.stream answers 503 with Retry-After.
    public int MaxBacklog { get; set; } = 256;

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

    /// A running run's lease; another instance takes over a run whose lease has lapsed.
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
