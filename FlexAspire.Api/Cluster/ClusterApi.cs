using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using FlexAspire.Api.Runs.Journal;
using FlexAspire.Api.Runs.Streaming;
using Orleans.Runtime;

namespace FlexAspire.Api.Cluster;

/// This replica and the cluster it sees. With several replicas behind one address, an operator (or a test) learns
/// here which replica answered, its own HTTP address and process, and which replicas are members.
public sealed record ClusterView(ReplicaView Replica, IReadOnlyList<ClusterMemberView> Members, JournalView Journal);

public sealed record ReplicaView(string SiloAddress, int ProcessId, IReadOnlyList<string> HttpAddresses);

public sealed record ClusterMemberView(string SiloAddress, string Status);

/// This replica's journal and streams since it started: commits (transactions), the writes and frames they held,
/// the database reads its streams made, and the runs it holds frames of in memory for readers.
public sealed record JournalView(long Commits, long Writes, long Frames, long StreamDatabaseReads, int StreamedRuns);

public static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this RouteGroupBuilder flex)
    {
        flex.MapGet("/cluster", GetCluster).WithName("GetCluster")
            .WithSummary("The API replica that answered (silo, process, HTTP address) and the cluster's members");
        return flex;
    }

    private static ClusterView GetCluster(ILocalSiloDetails silo, IClusterMembershipService membership, IServer server, RunFrameHub hub,
        JournalTelemetry journal) => new(
        new ReplicaView(silo.SiloAddress.ToParsableString(), Environment.ProcessId,
            server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? []),
        membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status is not SiloStatus.Dead)
            .OrderBy(m => m.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(m => new ClusterMemberView(m.SiloAddress.ToParsableString(), m.Status.ToString().ToLowerInvariant()))
            .ToList(),
        new JournalView(journal.BatchCount, journal.UnitCount, journal.FrameCount, journal.StreamReadCount, hub.OpenFeeds));
}
