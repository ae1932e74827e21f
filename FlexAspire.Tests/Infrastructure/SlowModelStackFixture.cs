namespace FlexAspire.Tests.Infrastructure;

/// The API with a slow offline model (each call waits), one run at a time, a backlog of one: `api-slow` beside the
/// `api`, so runs can be caught mid-flight (cancel, a full backlog, a killed API process) without slowing anyone
/// else's; a node times out after NodeTimeout.
public sealed class SlowModelStackFixture() : FlexStackFixture(Variant)
{
    public const string Variant = "slow";

    public static readonly TimeSpan ModelLatency = TimeSpan.FromSeconds(2);

    /// Long enough for any offline node on a loaded machine, short enough for a test to wait for.
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(25);

    public static void AddTo(IDistributedApplicationBuilder builder, TestStack stack) => TestStack.AddApi(builder, Variant)
        .WithEnvironment("Flex__Model__OfflineLatency", ModelLatency.ToString())
        .WithEnvironment("Flex__Runs__MaxConcurrentRuns", "1")
        .WithEnvironment("Flex__Runs__MaxBacklog", "1")
        .WithEnvironment("Flex__Runs__HeartbeatInterval", "00:00:01")
        .WithEnvironment("Flex__Runs__NodeTimeout", NodeTimeout.ToString());
}
