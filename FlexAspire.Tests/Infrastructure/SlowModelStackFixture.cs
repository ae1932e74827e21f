using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Infrastructure;

/// The stack with a slow offline model (each call waits), one run at a time, a backlog of one:
/// runs can be caught mid-flight (cancel, a full backlog, a killed API process).
public sealed class SlowModelStackFixture : FlexStackFixture
{
    public static readonly TimeSpan ModelLatency = TimeSpan.FromSeconds(2);

    protected override void ConfigureApi(IResourceBuilder<ProjectResource> api) => api
        .WithEnvironment("Flex__Model__OfflineLatency", ModelLatency.ToString())
        .WithEnvironment("Flex__Runs__MaxConcurrentRuns", "1")
        .WithEnvironment("Flex__Runs__MaxBacklog", "1")
        .WithEnvironment("Flex__Runs__HeartbeatInterval", "00:00:01");
}

[CollectionDefinition(Name)]
public sealed class SlowModelStackCollection : ICollectionFixture<SlowModelStackFixture>
{
    public const string Name = "slow-model-stack";
}
