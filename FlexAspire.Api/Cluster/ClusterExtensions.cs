using System.Net;
using FlexAspire.Contracts;
using Orleans.Configuration;

namespace FlexAspire.Api.Cluster;

public static class ClusterExtensions
{
    /// Makes this API process an Orleans silo. Replicas find each other in Redis (membership) and keep the reminders
    /// that bring runs back after a replica dies there too.
    public static IHostApplicationBuilder AddRunCluster(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FlexClusterOptions>().Bind(builder.Configuration.GetSection(FlexClusterOptions.Section));
        builder.AddKeyedRedisClient(ResourceNames.Redis);
        var advertised = builder.Configuration[$"{FlexClusterOptions.Section}:AdvertisedAddress"];
        builder.UseOrleans(silo =>
        {
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
}
