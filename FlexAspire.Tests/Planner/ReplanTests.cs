using FlexAspire.Planner.Planning;
using static FlexAspire.Tests.Planner.PlannerFixtures;

namespace FlexAspire.Tests.Planner;

public sealed class ReplanTests
{
    private static readonly JsonObject StrategistOutput = new()
    {
        ["creative_brief"] = new JsonObject { ["angle"] = "launch", ["keyMessages"] = new JsonArray("fast"), ["tone"] = "bold", ["audience"] = "devs" },
        ["strategic_rationale"] = new JsonObject { ["summary"] = "s", ["insights"] = new JsonArray("i"), ["risks"] = new JsonArray() },
    };

    [Fact]
    public async Task Replan_after_the_first_node_completed_keeps_its_id_and_output_and_plans_the_rest()
    {
        var state = new GraphState
        {
            PlanVersion = 1,
            CompletedNodes = [new() { Id = "strategist.SocialPosting", CapabilityId = "strategist.SocialPosting", Outputs = StrategistOutput }],
            FailureReason = "designer timed out",
        };
        var plan = (await PlanAsync(Envelope(SocialInputs, Facets("post")), state: state)).ShouldPlan();

        plan.Version.ShouldBe(2);
        var kept = plan.Nodes.Single(n => n.Id == "strategist.SocialPosting");
        kept.Status.ShouldBe(NodeStatus.Completed);
        JsonNode.DeepEquals(kept.Metadata!["output"], StrategistOutput).ShouldBeTrue();
        plan.Nodes.Count(n => n.CapabilityId == "strategist.SocialPosting").ShouldBe(1);
        plan.Nodes.Where(n => n.Id != kept.Id).ShouldAllBe(n => n.Status == NodeStatus.Pending);
        plan.HasEdge("strategist.SocialPosting", "copywriter.SocialpostDrafting").ShouldBeTrue();
        plan.HasEdge("strategist.SocialPosting", "designer.VisualDesign").ShouldBeTrue();
        plan.Metadata!["failureReason"]!.GetValue<string>().ShouldBe("designer timed out");
    }

    [Fact]
    public async Task A_failed_goal_condition_replans_its_facet_next_to_the_completed_node()
    {
        var post = new JsonObject { ["post"] = new JsonObject { ["platform"] = "linkedin" } };
        var state = new GraphState
        {
            PlanVersion = 2,
            CompletedNodes =
            [
                new() { Id = "strategist.SocialPosting", CapabilityId = "strategist.SocialPosting", Outputs = StrategistOutput },
                new() { Id = "copywriter.SocialpostDrafting", CapabilityId = "copywriter.SocialpostDrafting", Outputs = new() { ["post_copy"] = new JsonObject() } },
                new() { Id = "designer.VisualDesign", CapabilityId = "designer.VisualDesign", Outputs = new() { ["post_visual"] = new JsonObject() } },
                new() { Id = "director.SocialPostingReview", CapabilityId = "director.SocialPostingReview", Outputs = post },
            ],
            FailedGoalConditions = [new() { Facet = "post", Path = "/copy/headline", Reason = "too long" }],
        };
        var plan = (await PlanAsync(Envelope(SocialInputs, Facets("post")), state: state)).ShouldPlan();

        plan.Version.ShouldBe(3);
        plan.Nodes.Single(n => n.Id == "director.SocialPostingReview").Status.ShouldBe(NodeStatus.Completed);
        var retry = plan.Nodes.Single(n => n.Id == "director.SocialPostingReview:r3");
        retry.Status.ShouldBe(NodeStatus.Pending);
        plan.HasEdge("copywriter.SocialpostDrafting", retry.Id).ShouldBeTrue();
        plan.HasEdge("designer.VisualDesign", retry.Id).ShouldBeTrue();
        plan.Nodes.Count(n => n.Status == NodeStatus.Pending).ShouldBe(1);
    }
}
