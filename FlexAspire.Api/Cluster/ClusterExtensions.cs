using System.Net;
using System.Text.Json.Serialization.Metadata;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using StackExchange.Redis;

namespace FlexAspire.Api.Cluster;

public static class ClusterExtensions
{
    /// Makes this API process an Orleans silo. Replicas find each other in Redis (membership) and keep the reminders
    /// that bring runs back after a replica dies there too.
    public static IHostApplicationBuilder AddRunCluster(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FlexClusterOptions>().Bind(builder.Configuration.GetSection(FlexClusterOptions.Section));
        // The cluster's own traffic (membership, each run's keep-alive reminder) is infrastructure: not traced (about
        // five Redis spans per run that say nothing about it), and run on the thread pool rather than the client's
        // dedicated threads (a thread hop and a wake-up less per command).
        builder.AddKeyedRedisClient(ResourceNames.Redis,
            settings => settings.DisableTracing = true,
            options => options.SocketManager = SocketManager.ThreadPool);
        var advertised = builder.Configuration[$"{FlexClusterOptions.Section}:AdvertisedAddress"];
        var keepAlive = builder.Configuration.GetValue($"{RunOptions.Section}:{nameof(RunOptions.KeepAliveInterval)}", new RunOptions().KeepAliveInterval);
        builder.Services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("FlexAspire.Contracts", StringComparison.Ordinal) == true,
            jsonSerializerOptions: WireJsonOptions()));
        builder.UseOrleans(silo =>
        {
            // A run's keep-alive reminder ticks every few seconds (Orleans' floor is a minute by default).
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = keepAlive < o.MinimumReminderPeriod ? keepAlive : o.MinimumReminderPeriod);
            if (advertised is { Length: > 0 })
            {
                silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Parse(advertised));
            }
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // A replica killed without warning is declared dead ~2 s after it stops answering probes (Orleans'
                // defaults take ~11 s), so its runs move to a survivor quickly. Flex:Cluster:Membership overrides.
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                builder.Configuration.GetSection($"{FlexClusterOptions.Section}:Membership").Bind(o);
            });
        });
        return builder;
    }

    /// Wire records (commands and answers that cross replicas) travel between silos as the JSON the API speaks.
    private static JsonSerializerOptions WireJsonOptions()
    {
        var options = new JsonSerializerOptions();
        FlexJson.Apply(options);
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        return options;
    }
}
