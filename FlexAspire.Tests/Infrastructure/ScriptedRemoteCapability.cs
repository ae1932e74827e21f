namespace FlexAspire.Tests.Infrastructure;

/// A remote drafting capability (creative_brief → post_copy, or another output facet) registered in the stack's
/// registry, served by a loopback server whose answers the test scripts. Expensive on purpose, so only runs that pin it (`PinnedEnvelope`) use it.
public sealed class ScriptedRemoteCapability : IAsyncDisposable
{
    /// post_copy is the post's text: an object (the shape some drafting agents answer with) breaks its contract.
    public const string InvalidCopy = """{"output":{"post_copy":{"headline":"","body":"Spring webinar"}}}""";
    public const string ValidCopy = """{"output":{"post_copy":"Cut packaging waste by 30%\n\nJoin our spring webinar. Register now. #packaging"}}""";

    private readonly FlexStackFixture _stack;

    private ScriptedRemoteCapability(FlexStackFixture stack, string capabilityId, LoopbackHttpServer server)
    {
        _stack = stack;
        CapabilityId = capabilityId;
        Server = server;
    }

    public string CapabilityId { get; }
    public LoopbackHttpServer Server { get; }

    public static async Task<ScriptedRemoteCapability> RegisterAsync(FlexStackFixture stack, string area = "test", string outputFacet = "post_copy",
        JsonObject? inputContract = null)
    {
        var server = await LoopbackHttpServer.StartAsync();
        var capability = new ScriptedRemoteCapability(stack, $"{area}.Drafting{Guid.NewGuid():n}"[..30], server);
        using var registry = capability.RegistryClient();
        (await registry.PostAsJsonAsync("/api/v1/flex/capabilities/register", new JsonObject
        {
            ["capabilityId"] = capability.CapabilityId,
            ["version"] = "1.0.0",
            ["displayName"] = "Scripted drafting",
            ["summary"] = "A remote drafting capability scripted by a test.",
            ["kind"] = "execution",
            ["agentType"] = "ai",
            ["inputContract"] = inputContract ?? new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("creative_brief") },
            ["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray(outputFacet) },
            ["cost"] = new JsonObject { ["tier"] = "premium", ["estimatedTokens"] = 1_000_000, ["pricePer1kTokens"] = 10, ["currency"] = "USD" },
            ["invocation"] = new JsonObject { ["url"] = new Uri(server.BaseAddress, "invoke").ToString() },
        })).EnsureSuccessStatusCode();
        return capability;
    }

    /// The social-post envelope asking for `post_copy`, with this capability required by the planner (without the
    /// sample's runtime policies and its goal condition on `post`, which this contract does not produce).
    public JsonObject PinnedEnvelope()
    {
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope.Remove("goal_condition");
        envelope["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("post_copy") };
        envelope["policies"]!["planner"]!["selection"] = new JsonObject { ["require"] = new JsonArray(CapabilityId) };
        envelope["policies"]!["runtime"] = new JsonArray();
        return envelope;
    }

    public async ValueTask DisposeAsync()
    {
        using var registry = RegistryClient();
        await registry.DeleteAsync($"/api/v1/flex/capabilities/{CapabilityId}");
        await Server.DisposeAsync();
    }

    private HttpClient RegistryClient()
    {
        var client = _stack.CreateClient(ResourceNames.Registry);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FlexStackFixture.RegistryToken);
        return client;
    }
}
