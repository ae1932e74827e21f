using FlexAspire.Api.Agents.Model;

namespace FlexAspire.Api.Agents.Invocation;

/// Configuration section `Flex:Agents`.
public sealed class AgentRuntimeOptions
{
    public const string Section = "Flex:Agents";

    /// How many answers a capability gets to satisfy its output contract (the first one included).
    public int MaxValidationAttempts { get; set; } = 3;

    /// The largest answer a capability may give (model text or a remote's body, in UTF-8 bytes); beyond it the node
    /// fails with `output_too_large` (what is stored, validated and streamed stays bounded).
    public int MaxOutputBytes { get; set; } = 1024 * 1024;

    /// Retries and timeouts of calls to remote capabilities (`invocation.url`).
    public HttpResilienceSettings RemoteResilience { get; set; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(60),
        TotalTimeout = TimeSpan.FromMinutes(3),
    };
}
