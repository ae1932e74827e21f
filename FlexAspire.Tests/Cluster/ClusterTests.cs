using Aspire.Hosting.ApplicationModel;
using FlexAspire.AppHost.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexAspire.Tests.Cluster;

[Collection(StackCollection.Name)]
public sealed class ClusterTests(ReplicaStackFixture stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public void Redis_runs_as_a_local_redis_server_resource_and_is_healthy()
    {
        var model = (DistributedApplicationModel)stack.App.Services.GetService(typeof(DistributedApplicationModel))!;
        model.Resources.Single(r => r.Name == ResourceNames.Redis).ShouldBeOfType<LocalRedisResource>();
        stack.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Redis, out var redis).ShouldBeTrue();
        redis!.Snapshot.HealthStatus.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task Two_API_replicas_are_two_processes_that_form_one_cluster_through_Redis()
    {
        var replicas = await ApiReplicas.DiscoverAsync(stack, ReplicaStackFixture.Replicas, Timeout);

        replicas.Select(r => r.ProcessId).Distinct().Count().ShouldBe(2);
        replicas.Select(r => r.Address).Distinct().Count().ShouldBe(2);
        foreach (var replica in replicas)
        {
            var view = await replica.GetClusterAsync();
            view["replica"]!["siloAddress"]!.GetValue<string>().ShouldBe(replica.SiloAddress, "a direct address reaches that replica");
            view["members"]!.AsArray().Where(m => m!["status"]!.GetValue<string>() == "active")
                .Select(m => m!["siloAddress"]!.GetValue<string>())
                .ShouldBe(replicas.Select(r => r.SiloAddress), ignoreOrder: true);
        }
    }
}
