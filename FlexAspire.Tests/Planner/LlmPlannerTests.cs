using FlexAspire.Planner.Planning;
using Microsoft.Extensions.Logging.Abstractions;
using static FlexAspire.Tests.Planner.PlannerFixtures;

namespace FlexAspire.Tests.Planner;

/// The LLM planner through the real OpenAI SDK client against a scripted OpenAI-compatible server on loopback.
public sealed class LlmPlannerTests
{
    private static string Draft(params (string Id, string[] In, string[] Out)[] nodes) => new JsonObject
    {
        ["nodes"] = new JsonArray(nodes.Select(n => (JsonNode)new JsonObject
        {
            ["id"] = n.Id, ["capabilityId"] = n.Id,
            ["inputFacets"] = new JsonArray(n.In.Select(f => (JsonNode)f).ToArray()),
            ["outputFacets"] = new JsonArray(n.Out.Select(f => (JsonNode)f).ToArray()),
            ["rationale"] = "llm",
        }).ToArray()),
        ["edges"] = new JsonArray(nodes.Zip(nodes.Skip(1)).Select(p => (JsonNode)new JsonObject { ["from"] = p.First.Id, ["to"] = p.Second.Id }).ToArray()),
    }.ToJsonString();

    private static readonly string ValidDraft = Draft(
        ("strategist.SocialPosting", ["company_information", "post_context"], ["creative_brief", "strategic_rationale"]),
        ("copywriter.SocialpostDrafting", ["creative_brief"], ["post_copy"]));

    // Copywriter without the strategist: creative_brief is not available.
    private static readonly string InvalidDraft = Draft(("copywriter.SocialpostDrafting", ["creative_brief"], ["post_copy"]));

    /// A fake OpenAI server answering each chat request with the next of `drafts` as the assistant's message.
    private static async Task<FakeOpenAiServer> ServerAsync(params string[] drafts) =>
        (await FakeOpenAiServer.StartAsync()).Enqueue(drafts.Select(d => FakeOpenAiServer.Completion(d)).ToArray());

    private static LlmPlanner Planner(FakeOpenAiServer server) => new(
        PlanningExtensions.CreateChatClient(new PlannerModelOptions { Endpoint = server.BaseUrl, ApiKey = "test-key", Name = "fake-planner" }),
        Options.Create(new PlannerOptions { MaxDraftAttempts = 2 }), NullLogger<LlmPlanner>.Instance);

    private static string LastUserMessage(JsonObject request) =>
        request["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.ToString();

    [Fact]
    public async Task A_valid_draft_is_used_as_the_plan()
    {
        await using var server = await ServerAsync(ValidDraft);
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("post_copy")), llm: Planner(server));

        var plan = outcome.ShouldPlan();
        outcome.Attempts.ShouldBe(1);
        plan.Metadata!["planner"]!.GetValue<string>().ShouldBe("llm");
        plan.Ids().ShouldBe(["strategist.SocialPosting", "copywriter.SocialpostDrafting"]);
        var request = server.ChatRequests.ShouldHaveSingleItem();
        request["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_schema");
        LastUserMessage(request).ShouldContain("\"goalFacets\":[\"post_copy\"]");
    }

    [Fact]
    public async Task An_invalid_draft_is_re_asked_with_its_diagnostics_and_the_valid_second_draft_is_used()
    {
        await using var server = await ServerAsync(InvalidDraft, ValidDraft);
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("post_copy")), llm: Planner(server));

        outcome.ShouldPlan().Metadata!["planner"]!.GetValue<string>().ShouldBe("llm");
        outcome.Attempts.ShouldBe(2);
        server.ChatRequests.Count.ShouldBe(2);
        var second = server.ChatRequests.Last();
        LastUserMessage(second).ShouldContain("[input_not_available]");
        LastUserMessage(second).ShouldContain("node `copywriter.SocialpostDrafting` reads `creative_brief`");
        second["messages"]!.AsArray().ShouldContain(m => m!["role"]!.GetValue<string>() == "assistant");
        outcome.Diagnostics.ShouldContain(d => d.Code == "input_not_available" && d.Severity == DiagnosticSeverity.Warning
            && d.Message.StartsWith("LLM draft 1 rejected"));
    }

    [Fact]
    public async Task Garbage_twice_falls_back_to_the_deterministic_plan_and_reports_the_attempts()
    {
        await using var server = await ServerAsync("this is not json", "{\"nodes\": 42}");
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("post")), llm: Planner(server));

        var plan = outcome.ShouldPlan();
        plan.Metadata!["planner"]!.GetValue<string>().ShouldBe("deterministic");
        plan.Nodes.Count.ShouldBe(4);
        outcome.Attempts.ShouldBe(3); // two LLM drafts + the deterministic plan
        server.ChatRequests.Count.ShouldBe(2);
        outcome.Diagnostics.Count(d => d.Code == "draft_unparseable").ShouldBe(2);
        LastUserMessage(server.ChatRequests.Last()).ShouldContain("[draft_unparseable]");
    }

    [Fact]
    public async Task An_unreachable_model_falls_back_at_once()
    {
        await using var server = await ServerAsync();
        server.Responder = _ => FakeReply.Status(400, """{"error":{"message":"no scripted reply","type":"test"}}""");
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("post_copy")), llm: Planner(server));

        outcome.ShouldPlan().Metadata!["planner"]!.GetValue<string>().ShouldBe("deterministic");
        outcome.Attempts.ShouldBe(2);
        outcome.Diagnostics.ShouldContain(d => d.Code == "model_unavailable");
    }

    [Fact]
    public async Task A_draft_that_adds_its_own_structuring_step_is_rejected()
    {
        var withStructurer = Draft(
            ("strategist.SocialPosting", ["company_information", "post_context"], ["creative_brief", "strategic_rationale"]),
            ("copywriter.SocialpostDrafting", ["creative_brief"], ["post_copy"]),
            ("contract.Structurer", ["post_copy"], []));
        await using var server = await ServerAsync(withStructurer, ValidDraft);
        var contract = new FreeformOutputContract { Instructions = "One paragraph" };
        var outcome = await PlanAsync(Envelope(SocialInputs, contract), llm: Planner(server));

        var plan = outcome.ShouldPlan();
        outcome.Attempts.ShouldBe(2);
        LastUserMessage(server.ChatRequests.Last()).ShouldContain("[structurer_in_draft]");
        plan.Nodes.Where(n => n.CapabilityId == "contract.Structurer").Select(n => n.Id).ShouldBe(["contract.Structurer:final"]);
    }
}
