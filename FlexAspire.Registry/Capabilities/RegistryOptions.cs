namespace FlexAspire.Registry.Capabilities;

/// Configuration section `Registry` (the AppHost sets `Registry__Token` from its secret `registry-token` parameter).
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// Bearer token that registration and deregistration require; reads are open.
    public string Token { get; set; } = "";

    /// More registry tokens (`Registry:Tokens:0`, …), one per party that registers agents. A capability id belongs to
    /// the token that first registered it: another token cannot re-register or delete it (409).
    public List<string> Tokens { get; set; } = [];

    /// How often the sweeper looks for lapsed heartbeats. Short, because the query is one indexed UPDATE.
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// Largest registration body accepted (413 above it); registrations carry schemas, not data.
    public long MaxRegistrationBytes { get; set; } = 256 * 1024;
}
