namespace FlexAspire.Tests.Agents;

/// The offline model's texts use the names and facts of the envelope, even downstream where a capability sees only
/// the brief, and read like a person wrote them (no "your company: Write a LinkedIn post …").
public sealed class OfflineTextsTests(ITestOutputHelper output) : IDisposable
{
    private const string Objective = "Write a LinkedIn post announcing our spring webinar on sustainable packaging with our CEO Maria Lopez.";
    private readonly AgentRuntimeTestHost _host = AgentRuntimeTestHost.Offline();

    [Fact]
    public async Task The_sample_envelopes_social_post_names_the_company_the_person_and_the_topic()
    {
        var callerInputs = FlexApiClient.SampleObject("envelope-social-post.json")["inputs"]!.AsObject();

        var brief = (await InvokeAsync("strategist.SocialPosting", callerInputs))["creative_brief"]!;
        var copy = (await InvokeAsync("copywriter.SocialpostDrafting", new JsonObject { ["creative_brief"] = brief.DeepClone() }))["post_copy"]!;

        output.WriteLine(brief.ToJsonString());
        output.WriteLine(copy.ToJsonString());
        var text = copy.GetValue<string>();
        text.ShouldContain("GreenBox Packaging");
        text.ShouldContain("Maria Lopez");
        text.ShouldContain("cutting packaging waste by 30%");
        text.ShouldContain("Register for the webinar");
        text.ShouldNotContain("your company", Case.Insensitive);
        text.ShouldNotContain("Write a LinkedIn post");
        text.Split(". ").Length.ShouldBeGreaterThan(2, "a body of several sentences");
    }

    [Fact]
    public async Task Without_company_information_the_texts_take_the_topic_and_person_from_the_objective_and_invent_no_company()
    {
        var callerSchema = JsonNode.Parse("""
            {"type":"object","required":["headline","body"],"properties":{"headline":{"type":"string"},"body":{"type":"string"}}}
            """)!.AsObject();
        var call = _host.Call("contract.Structurer", new JsonObject(), callerSchema);

        var result = await _host.Invoker.InvokeAsync(call with { Request = call.Request with { Objective = Objective } }, CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        result.Output!["headline"]!.GetValue<string>().ShouldBe("Our spring webinar on sustainable packaging");
        result.Output!["body"]!.GetValue<string>().ShouldContain("Maria Lopez");
        result.Output!.ToJsonString().ShouldNotContain("your company", Case.Insensitive);
    }

    private async Task<JsonObject> InvokeAsync(string capabilityId, JsonObject inputs)
    {
        var result = await _host.Invoker.InvokeAsync(Call(capabilityId, inputs), CancellationToken.None);
        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        return result.Output!.AsObject();
    }

    private CapabilityCall Call(string capabilityId, JsonObject inputs)
    {
        var call = _host.Call(capabilityId, inputs);
        return call with { Request = call.Request with { Objective = Objective } };
    }

    public void Dispose() => _host.Dispose();
}
