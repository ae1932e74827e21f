using FlexAspire.Api.Agents.Model;

namespace FlexAspire.Api.Agents.Invocation;

/// Configuration section `Flex:Agents`.
public sealed class AgentRuntimeOptions
{
    public const string Section = "Flex:Agents";

    /// How many answers a capability gets to satisfy its output contract (the first one included).
    public int MaxValidationAttempts { get; set; } = 3;

    /// Retries and timeouts of calls to remote capabilities (`invocation.url`).
    public HttpResilienceSettings RemoteResilience { get; set; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(60),
        TotalTimeout = TimeSpan.FromMinutes(3),
    };
}
