namespace FlexAspire.Api.Cluster;

/// Configuration section `Flex:Cluster`: how this API replica joins the Orleans cluster of all replicas. The cluster
/// id, service id, ports and the Redis providers come from the `Orleans` section, which the AppHost sets.
public sealed class FlexClusterOptions
{
    public const string Section = "Flex:Cluster";

    /// The address other replicas reach this one at. Unset: Orleans' default (this machine's network address); the
    /// AppHost sets 127.0.0.1 because it runs every replica on one machine.
    public string? AdvertisedAddress { get; set; }
}
