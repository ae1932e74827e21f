using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexAspire.AppHost.Hosting;

/// The servers the services depend on (PostgreSQL, Redis): where each one lives, and what the machine's own binaries
/// run as executable resources have in common (an unproxied loopback endpoint, WithLoopbackEndpoint; a health check so
/// that `WaitFor(server)` waits until the server answers).
internal static class BackingServerExtensions
{
    /// An existing server through `ConnectionStrings:<connectionName>` wins; otherwise `<section>:Mode` (`auto`,
    /// `container`, `local`: ContainerEngine.UseContainer) chooses Aspire's container or the machine's binaries.
    public static IResourceBuilder<IResourceWithConnectionString> AddBackingServer(this IDistributedApplicationBuilder builder,
        string connectionName, string section,
        Func<IResourceBuilder<IResourceWithConnectionString>> container,
        Func<IResourceBuilder<IResourceWithConnectionString>> local)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(connectionName)))
        {
            return builder.AddConnectionString(connectionName);
        }
        var mode = $"{section}:Mode";
        return ContainerEngine.UseContainer(builder.Configuration[mode], mode) ? container() : local();
    }

    /// Registers `check` as the resource's health check (key `<name>_check`).
    public static IResourceBuilder<T> WithServerHealthCheck<T>(this IResourceBuilder<T> builder, Func<T, IHealthCheck> check)
        where T : IResource
    {
        var key = $"{builder.Resource.Name}_check";
        var resource = builder.Resource;
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, _ => check(resource), failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }
}
