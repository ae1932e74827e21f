using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Infrastructure;

/// The stack with a slow offline model (each call waits), one run at a time, a backlog of one:
/// runs can be caught mid-flight (cancel, a full backlog, a killed API process); a node times out after NodeTimeout.
public sealed class SlowModelStackFixture : FlexStackFixture
{
    public static readonly TimeSpan ModelLatency = TimeSpan.FromSeconds(2);

    /// Long enough for any offline node on a loaded machine, short enough for a test to wait for.
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(25);

    protected override void ConfigureApi(IResourceBuilder<ProjectResource> api) => api
        .WithEnvironment("Flex__Model__OfflineLatency", ModelLatency.ToString())
        .WithEnvironment("Flex__Runs__MaxConcurrentRuns", "1")
        .WithEnvironment("Flex__Runs__MaxBacklog", "1")
        .WithEnvironment("Flex__Runs__HeartbeatInterval", "00:00:01")
        .WithEnvironment("Flex__Runs__NodeTimeout", NodeTimeout.ToString());
}

[CollectionDefinition(Name)]
public sealed class SlowModelStackCollection : ICollectionFixture<SlowModelStackFixture>
{
    public const string Name = "slow-model-stack";
}
