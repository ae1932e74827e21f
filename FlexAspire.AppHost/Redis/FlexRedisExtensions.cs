using Aspire.Hosting.Orleans;
using FlexAspire.AppHost.Hosting;
using FlexAspire.Contracts;

namespace FlexAspire.AppHost.Redis;

/// Chooses where `redis` (Orleans' membership and reminders) lives. Configuration `Redis:Mode`: `auto` (default: a
/// container when a container engine answers, else Debian's `redis-server`), `container`, `local`; or an existing
/// server through `ConnectionStrings:redis` (which wins over the mode).
public static class FlexRedisExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddFlexRedis(this IDistributedApplicationBuilder builder) =>
        builder.AddBackingServer(ResourceNames.Redis, "Redis",
            container: () => builder.AddRedis(ResourceNames.Redis),
            local: () => builder.AddLocalRedis(ResourceNames.Redis, builder.Configuration["Redis:Executable"] ?? "/usr/bin/redis-server"));

    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, string executable)
    {
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"No redis-server at {executable}. Install it (`apt-get install redis-server`, ./flex does) or set Redis:Executable.");
        }
        var resource = new LocalRedisResource(name, executable, builder.AppHostDirectory);
        return builder.AddResource(resource)
            .WithLoopbackEndpoint(LocalRedisResource.EndpointName)
            .WithArgs(ctx =>
            {
                ctx.Args.Add("--port");
                ctx.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                // Loopback only, nothing on disk: a development server for cluster membership and reminders.
                foreach (var arg in (string[])["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"])
                {
                    ctx.Args.Add(arg);
                }
            })
            .WithServerHealthCheck(server => new LocalRedisHealthCheck(server));
    }

    /// Orleans' clustering and reminders in Redis, whichever resource type holds it (Aspire.Hosting.Orleans would
    /// otherwise derive the provider name from the resource's CLR type: "LocalRedis", "ConnectionString").
    public static IProviderConfiguration AsOrleansProvider(this IResourceBuilder<IResourceWithConnectionString> redis) =>
        new RedisOrleansProvider(redis);

    private sealed class RedisOrleansProvider(IResourceBuilder<IResourceWithConnectionString> redis) : IProviderConfiguration
    {
        public void ConfigureResource<T>(IResourceBuilder<T> resourceBuilder, string configSectionPath) where T : IResourceWithEnvironment
        {
            var prefix = configSectionPath.Replace(":", "__");
            resourceBuilder.WithEnvironment($"Orleans__{prefix}__ProviderType", "Redis");
            resourceBuilder.WithEnvironment($"Orleans__{prefix}__ServiceKey", redis.Resource.Name);
            resourceBuilder.WithReference(redis);
        }
    }
}
