using FlexAspire.Api.Agents.Catalog;
using FlexAspire.Api.Capabilities;

namespace FlexAspire.Api.Agents;

public static class AgentRuntimeExtensions
{
    /// The agent runtime: the hosted capability catalog, the model layer and the capability invoker.
    public static IHostApplicationBuilder AddAgentRuntime(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HostedCapabilityCatalog>();
        builder.Services.AddSingleton<IHostedCapabilityCatalog>(sp => sp.GetRequiredService<HostedCapabilityCatalog>());
        return builder;
    }
}
