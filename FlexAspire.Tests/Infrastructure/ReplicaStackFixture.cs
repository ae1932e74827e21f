using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Infrastructure;

/// The stack with two API replicas (two Orleans silos clustered through the local Redis) and a slow offline model, so
/// a run can be caught mid-flight on one replica and driven from the other.
public sealed class ReplicaStackFixture : FlexStackFixture
{
    public const int Replicas = 2;
    public static readonly TimeSpan ModelLatency = TimeSpan.FromSeconds(1);

    protected override IEnumerable<string> AppHostArguments => [$"--Flex:ApiReplicas={Replicas}"];

    protected override void ConfigureApi(IResourceBuilder<ProjectResource> api) => api
        .WithEnvironment("Flex__Model__OfflineLatency", ModelLatency.ToString())
        .WithEnvironment("Flex__Runs__HeartbeatInterval", "00:00:01");
}

[CollectionDefinition(Name)]
public sealed class ReplicaStackCollection : ICollectionFixture<ReplicaStackFixture>
{
    public const string Name = "replica-stack";
}
