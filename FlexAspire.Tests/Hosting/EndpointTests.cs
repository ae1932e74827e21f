using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Hosting;

/// Where clients of the stack's services connect (docs/deploy.md, "Endpoints"): a service that runs as one process is
/// reached at its own address; only an API with several replicas sits behind the AppHost's proxy, which spreads
/// connections over them.
[Collection(StackCollection.Name)]
public sealed class EndpointTests(FlexStackFixture stack)
{
    [Fact]
    public void Every_http_endpoint_is_the_process_own_except_a_replicated_API_s_which_the_AppHost_proxies()
    {
        var endpoints = stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<IResourceWithEndpoints>()
            .SelectMany(r => r.Annotations.OfType<EndpointAnnotation>().Where(e => e.UriScheme == "http").Select(e => (Resource: r, Endpoint: e)))
            .ToList();

        string[] services = [ResourceNames.Registry, ResourceNames.Planner, ResourceNames.Api, ResourceNames.LegacyAgents,
            ResourceNames.Spa, FlexStackFixture.VariantName(ResourceNames.Api, ReplicaStackFixture.Variant)];
        services.ShouldBeSubsetOf(endpoints.Select(x => x.Resource.Name));
        endpoints.Where(x => x.Endpoint.IsProxied != Replicas(x.Resource) > 1)
            .Select(x => $"{x.Resource.Name} ({Replicas(x.Resource)} replicas): proxied={x.Endpoint.IsProxied}")
            .ShouldBeEmpty();
    }

    [Fact]
    public async Task A_client_of_the_single_replica_API_connects_to_a_port_the_API_process_itself_listens_on()
    {
        using var api = stack.CreateClient(ResourceNames.Api);

        var view = JsonNode.Parse(await api.GetStringAsync("/api/v1/flex/cluster"))!;

        view["replica"]!["httpAddresses"]!.AsArray().Select(a => new Uri(a!.GetValue<string>()).Port)
            .ShouldContain(api.BaseAddress!.Port, "no proxy between the client and the API");
    }

    private static int Replicas(IResource resource) =>
        resource.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
}
