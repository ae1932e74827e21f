using FlexAspire.Api.Agents;
using FlexAspire.Api.Agents.Model;
using FlexAspire.Api.Capabilities;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace FlexAspire.Tests.Agents;

public sealed class AgentRuntimeWiringTests
{
    [Fact]
    public void An_openai_base_url_switches_the_runtime_to_the_openai_provider()
    {
        using var host = AgentRuntimeTestHost.Create(new() { ["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1" });
        host.Services.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()!.ProviderName.ShouldBe("openai");
        host.Services.GetRequiredService<IHostedCapabilityCatalog>().Registrations.Count.ShouldBe(9);
    }

    [Fact]
    public void Provider_offline_wins_over_a_configured_key()
    {
        using var host = AgentRuntimeTestHost.Create(new() { ["OPENAI_API_KEY"] = "sk-test", ["Flex:Model:Provider"] = "offline" });
        host.Services.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()!.ProviderName.ShouldBe(OfflineChatClient.ProviderName);
    }

    [Fact]
    public async Task Under_service_defaults_only_the_runtimes_retry_policy_applies()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(FakeOpenAiServer.ServerError(), FakeOpenAiServer.ServerError(), FakeOpenAiServer.ServerError());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl,
            ["Flex:Model:Resilience:MaxRetries"] = "2",
            ["Flex:Model:Resilience:BaseDelay"] = "00:00:00.020",
        });
        builder.AddServiceDefaults();
        builder.AddAgentRuntime();
        using var host = builder.Build();
        var catalog = host.Services.GetRequiredService<HostedCapabilityCatalog>();
        var call = AgentRuntimeTestHost.Call(catalog.Find("designer.VisualDesign")!, new() { ["creative_brief"] = new JsonObject() });

        var result = await host.Services.GetRequiredService<ICapabilityInvoker>().InvokeAsync(call, CancellationToken.None);

        result.Failure!.Code.ShouldBe(CapabilityFailureCodes.Unavailable);
        server.ChatRequests.Count.ShouldBe(3, "one call plus two retries; a second (service defaults) handler would multiply them");
    }

    [Fact]
    public async Task Each_invocation_emits_an_invoke_agent_span_and_a_genai_chat_span()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == AgentTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        using var host = AgentRuntimeTestHost.Offline();
        var call = host.Call("strategist.SocialPosting", SampleFacets.CallerInputs());

        var result = await host.Invoker.InvokeAsync(call, CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded);
        lock (spans)
        {
            var mine = spans.Where(s => s.GetTagItem("flex.node.id") as string == call.Request.NodeId
                                        || s.Parent?.GetTagItem("flex.node.id") as string == call.Request.NodeId).ToList();
            mine.ShouldContain(s => s.DisplayName == "invoke_agent strategist.SocialPosting");
            mine.ShouldContain(s => s.DisplayName.StartsWith("chat", StringComparison.Ordinal) && s.GetTagItem("gen_ai.usage.input_tokens") != null);
        }
    }
}
