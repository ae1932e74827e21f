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

    /// Frames of a run kept in memory per replica for its readers (older ones are read from the log).
    public int StreamWindow { get; set; } = 512;

    /// How often a replica renews its subscription to a run it streams (it finds a run that moved to another replica,
    /// and the frames it missed meanwhile, within this time).
    public TimeSpan StreamSubscriptionRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// How long a run's in-memory frames stay on a replica after its last reader left (a reconnect reads no database).
    public TimeSpan StreamLinger { get; set; } = TimeSpan.FromSeconds(10);

    /// Writes waiting for the journal writer; beyond it writers wait (back-pressure on the executing runs).
    public int JournalQueueLength { get; set; } = 8192;

    /// Most writes (of any runs) the journal writer commits in one transaction.
    public int JournalMaxBatch { get; set; } = 256;

    /// Group-commit loops of the journal writer, each with its own runs (by run id) and its own connection: while one
    /// lane's transaction commits, the next lane's batch is written. 1 commits every run's writes one batch at a time.
    public int JournalLanes { get; set; } = 2;

    /// Period of the reminder that keeps a run with work to do alive: after its replica dies, the run continues on a
    /// survivor at the next tick (plus the ~2 s the cluster takes to declare the replica dead).
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// New plan versions a run may ask for (after failed goal conditions or a `replan` policy); beyond it a failed
    /// goal condition fails the run.
    public int MaxReplans { get; set; } = 2;
}
