using static FlexAspire.Tests.Planner.MarketingCatalog;
using static FlexAspire.Tests.Planner.PlannerFixtures;

namespace FlexAspire.Tests.Planner;

public sealed class SelectionPolicyTests
{
    private static readonly CapabilityRecord QuickDrafting = Capability("copywriter.QuickDrafting", ["creative_brief"], ["post_copy"], 300);
    private static readonly CapabilityRecord HumanDrafting =
        Capability("HumanAgent.draftPost", ["creative_brief"], ["post_copy"], 0, agentType: AgentType.Human);

    public static TheoryData<string, string[], string[], string[], string[], string> Choices => new()
    {
        // case, require, forbid, prefer, avoid, expected producer of post_copy
        { "cheapest wins", [], [], [], [], "copywriter.QuickDrafting" },
        { "avoid moves away", [], [], [], ["copywriter.QuickDrafting"], "copywriter.SocialpostDrafting" },
        { "prefer beats cost", [], [], ["copywriter.SocialpostDrafting"], [], "copywriter.SocialpostDrafting" },
        { "forbid removes", [], ["copywriter.QuickDrafting"], [], [], "copywriter.SocialpostDrafting" },
        { "require pins", ["copywriter.SocialpostDrafting"], [], [], [], "copywriter.SocialpostDrafting" },
        { "require pins a human", ["HumanAgent.draftPost"], [], [], [], "HumanAgent.draftPost" },
    };

    [Theory]
    [MemberData(nameof(Choices))]
    public async Task Producers_are_chosen_by_policy_then_cost(string @case, string[] require, string[] forbid,
        string[] prefer, string[] avoid, string expected)
    {
        var envelope = Envelope(SocialInputs, Facets("post_copy"),
            selection: new() { Require = require, Forbid = forbid, Prefer = prefer, Avoid = avoid });
        var plan = (await PlanAsync(envelope, [.. All, QuickDrafting, HumanDrafting])).ShouldPlan();

        plan.Nodes.Where(n => n.OutputFacets.Contains("post_copy")).Select(n => n.CapabilityId).ShouldBe([expected], @case);
    }

    [Fact]
    public async Task A_cheaper_human_capability_loses_to_an_ai_one_without_a_policy()
    {
        var plan = (await PlanAsync(Envelope(SocialInputs, Facets("post_copy")), [.. All, HumanDrafting])).ShouldPlan();
        plan.Nodes.ShouldAllBe(n => n.Executor.Type == AgentType.Ai);
    }

    [Fact]
    public async Task Forbidding_the_only_producer_is_a_422_naming_the_facet_and_the_capability()
    {
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("post"), selection: new() { Forbid = ["designer.VisualDesign"] }));

        outcome.Plan.ShouldBeNull();
        outcome.Diagnostics.ShouldContain(d => d.Facet == "post"
            && d.Message.Contains("`post_visual` (`designer.VisualDesign` forbidden by selection.forbid)"));
    }

    [Fact]
    public async Task A_pinned_capability_off_the_path_is_a_422()
    {
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("post"), selection: new() { Require = ["copywriter.Messaging"] }));

        outcome.Plan.ShouldBeNull();
        outcome.Diagnostics.ShouldContain(d => d.Code == "required_capability_not_on_path"
            && d.Message == "pinned capability `copywriter.Messaging` is not on any path to the contract's output");
    }

    [Fact]
    public async Task A_pinned_capability_that_is_not_registered_is_a_422()
    {
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("post"), selection: new() { Require = ["ghost.Writer"] }));
        outcome.Diagnostics.ShouldContain(d => d.Code == "required_capability_unavailable" && d.CapabilityId == "ghost.Writer");
    }
}
