using Microsoft.Extensions.Configuration;

namespace FlexAspire.AppHost.Hosting;

/// Endpoints the process itself listens on, on 127.0.0.1, with no AppHost proxy in front (docs/deploy.md, "Endpoints").
/// Every service with one process uses them; only an API with several replicas keeps the proxy, which spreads
/// connections over the replicas.
internal static class LoopbackEndpointExtensions
{
    /// Aspire.Hosting.Testing sets it: every port is chosen free by the orchestrator (tests, benchmarks).
    private const string RandomizePorts = "DcpPublisher:RandomizePorts";

    /// An unproxied endpoint on 127.0.0.1 (created as tcp when the resource has none by that name, e.g. a database
    /// server): clients connect to the process itself, and a restarted process listens on the same port again. Its port is
    /// the declared one (a project's launch profile) unless the AppHost randomizes ports, then one the orchestrator
    /// picks; the process learns it through ASPNETCORE_URLS or the endpoint's `env`/target-port expression.
    public static IResourceBuilder<T> WithLoopbackEndpoint<T>(this IResourceBuilder<T> builder, string endpointName)
        where T : IResourceWithEndpoints
    {
        builder.WithEndpoint(endpointName, e =>
        {
            e.TargetHost = "127.0.0.1";
            e.IsProxied = false;
        }, createIfNotExists: true);
        var endpoint = builder.Resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName);
        var configuration = builder.ApplicationBuilder.Configuration;
        // Read at start, not here: a test host may set the option after the AppHost declared its resources.
        builder.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            if (configuration.GetValue(RandomizePorts, false))
            {
                endpoint.Port = null;
            }
            endpoint.TargetPort = endpoint.Port; // without a proxy, the port others use is the one the process listens on
            return Task.CompletedTask;
        });
        return builder;
    }
}
