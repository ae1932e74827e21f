using FlexAspire.Planner.Planning;
using static FlexAspire.Tests.Planner.PlannerFixtures;

namespace FlexAspire.Tests.Planner;

public sealed class DeterministicPlannerTests
{
    [Fact]
    public async Task Social_post_runs_strategist_then_copywriter_and_designer_in_parallel_then_director_review()
    {
        var plan = (await PlanAsync(Envelope(SocialInputs, Facets("post")))).ShouldPlan();

        plan.Ids().ShouldBe(["strategist.SocialPosting", "copywriter.SocialpostDrafting", "designer.VisualDesign",
            "director.SocialPostingReview"], ignoreOrder: true);
        plan.HasEdge("strategist.SocialPosting", "copywriter.SocialpostDrafting").ShouldBeTrue();
        plan.HasEdge("strategist.SocialPosting", "designer.VisualDesign").ShouldBeTrue();
        plan.HasEdge("copywriter.SocialpostDrafting", "director.SocialPostingReview").ShouldBeTrue();
        plan.HasEdge("designer.VisualDesign", "director.SocialPostingReview").ShouldBeTrue();
        // Parallel: neither branch waits for the other.
        plan.Ancestors("designer.VisualDesign").ShouldNotContain("copywriter.SocialpostDrafting");
        plan.Ancestors("copywriter.SocialpostDrafting").ShouldNotContain("designer.VisualDesign");
        plan.Nodes.ShouldNotContain(n => n.Kind == CapabilityKind.Structuring);
        plan.Version.ShouldBe(1);
        plan.RunId.ShouldBe("run-1");
    }

    [Fact]
    public async Task Each_node_carries_what_running_its_capability_needs_so_the_api_never_asks_the_registry()
    {
        var remote = MarketingCatalog.All.Single(c => c.CapabilityId == "copywriter.SocialpostDrafting") with
        {
            Version = "2.1.0",
            Invocation = new CapabilityInvocation { Url = "http://agents.example/invoke" },
            PreferredModels = ["gpt-4o-mini"],
        };
        var catalog = MarketingCatalog.All.Select(c => c.CapabilityId == remote.CapabilityId ? remote : c).ToList();
        var plan = (await PlanAsync(Envelope(SocialInputs, Facets("post")), catalog)).ShouldPlan();

        var node = plan.Nodes.Single(n => n.CapabilityId == remote.CapabilityId);
        var planned = node.Capability.ShouldNotBeNull();
        planned.Version.ShouldBe("2.1.0");
        planned.Summary.ShouldBe(remote.Summary);
        planned.Invocation.ShouldNotBeNull().Url.ShouldBe("http://agents.example/invoke");
        planned.PreferredModels.ShouldBe(["gpt-4o-mini"]);
        plan.Nodes.Where(n => n.Kind != CapabilityKind.Structuring).ShouldAllBe(n => n.Capability != null);
    }

    [Fact]
    public async Task Positioning_is_a_chain_of_strategist_copywriter_and_director()
    {
        var plan = (await PlanAsync(Envelope(PositioningInputs, Facets("positioning"), "Position our product"))).ShouldPlan();

        plan.Ids().ShouldBe(["strategist.Positioning", "copywriter.Messaging", "director.PositioningReview"]);
        plan.Edges.Select(e => (e.From, e.To)).ShouldBe(
            [("strategist.Positioning", "copywriter.Messaging"), ("copywriter.Messaging", "director.PositioningReview")],
            ignoreOrder: true);
    }

    public static TheoryData<string, string[], string[]> FacetContracts => new()
    {
        { "social", ["post"], ["strategist.SocialPosting", "copywriter.SocialpostDrafting", "designer.VisualDesign", "director.SocialPostingReview"] },
        { "social", ["post_copy"], ["strategist.SocialPosting", "copywriter.SocialpostDrafting"] },
        { "social", ["creative_brief", "strategic_rationale"], ["strategist.SocialPosting"] },
        { "social", ["post_visual", "post_copy"], ["strategist.SocialPosting", "copywriter.SocialpostDrafting", "designer.VisualDesign"] },
        { "positioning", ["positioning"], ["strategist.Positioning", "copywriter.Messaging", "director.PositioningReview"] },
        { "positioning", ["value_canvas"], ["strategist.Positioning"] },
    };

    [Theory]
    [MemberData(nameof(FacetContracts))]
    public async Task A_facets_contract_plans_exactly_the_producers_on_the_path(string inputs, string[] facets, string[] expected)
    {
        var envelope = Envelope(inputs == "social" ? SocialInputs : PositioningInputs, Facets(facets));
        var plan = (await PlanAsync(envelope)).ShouldPlan();
        plan.Ids().ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task The_same_request_gives_the_same_plan_byte_for_byte()
    {
        var envelope = Envelope(SocialInputs, Facets("post"), topology: new() { VariantCount = 2 });
        var first = (await PlanAsync(envelope)).ShouldPlan();
        var second = (await PlanAsync(envelope, MarketingCatalog.All.Reverse())).ShouldPlan();
        JsonSerializer.Serialize(second, FlexJsonContext.Default.FlexPlan)
            .ShouldBe(JsonSerializer.Serialize(first, FlexJsonContext.Default.FlexPlan));
    }

    [Fact]
    public async Task VariantCount_three_gives_three_parallel_branches_that_converge_in_the_structurer()
    {
        var plan = (await PlanAsync(Envelope(SocialInputs, Facets("post"), topology: new() { VariantCount = 3 }))).ShouldPlan();

        plan.Nodes.Count(n => n.CapabilityId == "strategist.SocialPosting").ShouldBe(1); // the brief is shared
        foreach (var capability in (string[])["copywriter.SocialpostDrafting", "designer.VisualDesign", "director.SocialPostingReview"])
        {
            plan.Ids().ShouldContain(capability);
            plan.Ids().ShouldContain($"{capability}#v2");
            plan.Ids().ShouldContain($"{capability}#v3");
        }
        plan.HasEdge("copywriter.SocialpostDrafting#v2", "director.SocialPostingReview#v2").ShouldBeTrue();
        plan.Ancestors("director.SocialPostingReview#v3").ShouldNotContain("copywriter.SocialpostDrafting#v2");
        plan.Ancestors("director.SocialPostingReview").ShouldNotContain("designer.VisualDesign#v3");

        var final = plan.Nodes.Single(n => n.Id == StructuringStepInserter.NodeId);
        final.CapabilityId.ShouldBe("contract.Structurer");
        final.InputFacets.ShouldBe(["post"]);
        plan.Edges.Where(e => e.To == final.Id).Select(e => e.From).ShouldBe(
            ["director.SocialPostingReview", "director.SocialPostingReview#v2", "director.SocialPostingReview#v3"], ignoreOrder: true);
    }

    [Fact]
    public async Task MaxDepth_below_the_path_length_is_rejected_with_422_diagnostics()
    {
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("post"), topology: new() { MaxDepth = 2 }));
        outcome.Plan.ShouldBeNull();
        outcome.Diagnostics.ShouldContain(d => d.Code == "max_depth_exceeded" && d.Message.Contains("3 nodes deep"));
    }

    [Fact]
    public async Task An_unreachable_facet_is_rejected_naming_the_missing_facet()
    {
        var inputs = SocialInputs.DeepClone().AsObject();
        inputs.Remove("post_context");
        var outcome = await PlanAsync(Envelope(inputs, Facets("post")));

        outcome.Plan.ShouldBeNull();
        var diagnostic = outcome.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("unreachable_facet");
        diagnostic.Facet.ShouldBe("post");
        diagnostic.Message.ShouldContain("`post_context`");
    }

    [Fact]
    public async Task A_facet_nobody_produces_is_rejected_naming_it()
    {
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("handoff_summary")));
        outcome.Plan.ShouldBeNull();
        outcome.Diagnostics.ShouldContain(d => d.Code == "no_producer" && d.Message == "no active capability produces facet `handoff_summary`");
    }

    [Fact]
    public async Task An_unknown_contract_facet_is_rejected()
    {
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("tweet")));
        outcome.Plan.ShouldBeNull();
        outcome.Diagnostics.ShouldContain(d => d.Code == "unknown_facet" && d.Facet == "tweet");
    }

    [Fact]
    public async Task Inactive_capabilities_are_never_planned()
    {
        var catalog = MarketingCatalog.All.Select(c => c.CapabilityId == "designer.VisualDesign"
            ? c with { Status = CapabilityStatus.Inactive } : c);
        var outcome = await PlanAsync(Envelope(SocialInputs, Facets("post")), catalog);
        outcome.Plan.ShouldBeNull();
        outcome.Diagnostics.ShouldContain(d => d.Code == "unreachable_facet" && d.Message.Contains("it needs `post_visual`, which neither"));
    }
}
