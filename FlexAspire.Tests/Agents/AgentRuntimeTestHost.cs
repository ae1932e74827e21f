using FlexAspire.Api.Agents;
using Microsoft.Extensions.Configuration;

namespace FlexAspire.Tests.Agents;

/// The agent runtime's services, built in-process with AddAgentRuntime and nothing but the given configuration
/// (no environment variables, so a developer's OPENAI_API_KEY cannot switch a test off the offline model).
public sealed class AgentRuntimeTestHost : IDisposable
{
    private readonly IHost _host;

    private AgentRuntimeTestHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;
    public ICapabilityInvoker Invoker => Services.GetRequiredService<ICapabilityInvoker>();
    public HostedCapabilityCatalog Catalog => Services.GetRequiredService<HostedCapabilityCatalog>();

    public static AgentRuntimeTestHost Offline() => Create(new() { ["Flex:Model:Provider"] = "offline" });

    /// The real OpenAI SDK against a fake server, with short retry delays. The attempt timeout is generous so that a
    /// slow first call on a loaded machine is not retried by mistake; the timeout test sets its own short one.
    public static AgentRuntimeTestHost OpenAi(string baseUrl, Dictionary<string, string?>? extra = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = baseUrl,
            ["OPENAI_API_KEY"] = "test-key",
            ["OPENAI_MODEL"] = "fake-model",
            ["Flex:Model:Resilience:MaxRetries"] = "2",
            ["Flex:Model:Resilience:BaseDelay"] = "00:00:00.050",
            ["Flex:Model:Resilience:AttemptTimeout"] = "00:00:15",
            ["Flex:Model:Resilience:TotalTimeout"] = "00:00:45",
        };
        foreach (var (key, value) in extra ?? [])
            config[key] = value;
        return Create(config);
    }

    public static AgentRuntimeTestHost Create(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging();
        builder.AddAgentRuntime();
        return new AgentRuntimeTestHost(builder.Build());
    }

    public CapabilityCall Call(string capabilityId, JsonObject inputs, JsonObject? outputSchema = null,
        Func<CapabilityAttemptFailed, CancellationToken, ValueTask>? onAttemptFailed = null)
    {
        var registration = Catalog.Find(capabilityId) ?? throw new ArgumentException($"No capability {capabilityId}.");
        return Call(registration, inputs, outputSchema, onAttemptFailed);
    }

    public static CapabilityCall Call(CapabilityRegistration registration, JsonObject inputs, JsonObject? outputSchema = null,
        Func<CapabilityAttemptFailed, CancellationToken, ValueTask>? onAttemptFailed = null) => new()
    {
        Registration = registration,
        Request = new CapabilityInvocationRequest
        {
            RunId = "run-test",
            NodeId = $"node-{registration.CapabilityId}",
            CapabilityId = registration.CapabilityId,
            Objective = "Create a social post about predictive maintenance for Acme Robotics",
            Inputs = inputs,
            SpecialInstructions = ["Keep it under 120 words"],
            OutputSchema = outputSchema ?? ContractSchema.For(registration.OutputContract),
            Attempt = 1,
        },
        OnAttemptFailed = onAttemptFailed,
    };

    public void Dispose() => _host.Dispose();
}
