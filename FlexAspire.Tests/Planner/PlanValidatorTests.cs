using FlexAspire.Planner.Planning;
using static FlexAspire.Tests.Planner.PlannerFixtures;

namespace FlexAspire.Tests.Planner;

public sealed class PlanValidatorTests
{
    private static DraftNode Node(string capabilityId, string[] inputs, string[] outputs) => new()
    {
        Id = capabilityId, CapabilityId = capabilityId, InputFacets = inputs, OutputFacets = outputs, Rationale = "test",
    };

    private static readonly DraftNode Strategist = Node("strategist.SocialPosting", ["company_information", "post_context"], ["creative_brief", "strategic_rationale"]);
    private static readonly DraftNode Copywriter = Node("copywriter.SocialpostDrafting", ["creative_brief"], ["post_copy"]);

    private static IReadOnlyList<PlanDiagnostic> Validate(PlanDraft draft, string[] goal, SelectionPolicy? selection = null)
    {
        var input = PlanningInput.Create(Request(Envelope(SocialInputs, Facets(goal), selection: selection)), null, MarketingCatalog.All);
        var target = ContractTargeting.Resolve(CapabilityGraph.Build(input));
        return PlanningService.AssembleAndValidate(draft, input, target, "test").Diagnostics;
    }

    public static TheoryData<string, PlanDraft, string> BadDrafts => new()
    {
        { "unknown capability", new() { Nodes = [Strategist, Node("ghost.Writer", ["creative_brief"], ["post_copy"])],
            Edges = [new() { From = Strategist.Id, To = "ghost.Writer" }] }, "unknown_capability" },
        { "unknown facet", new() { Nodes = [Strategist, Node("copywriter.SocialpostDrafting", ["creative_brief"], ["post_copy", "tweet"])],
            Edges = [new() { From = Strategist.Id, To = Copywriter.Id }] }, "unknown_facet" },
        { "input not available", new() { Nodes = [Strategist, Copywriter], Edges = [] }, "input_not_available" },
        { "output not covered", new() { Nodes = [Strategist], Edges = [] }, "uncovered_output_facet" },
        { "cycle", new() { Nodes = [Strategist, Copywriter], Edges = [new() { From = Strategist.Id, To = Copywriter.Id },
            new() { From = Copywriter.Id, To = Strategist.Id }] }, "cycle" },
        { "claims a facet the capability does not produce", new() { Nodes = [Strategist, Node(Copywriter.CapabilityId, ["creative_brief"], ["post_copy", "post_visual"])],
            Edges = [new() { From = Strategist.Id, To = Copywriter.Id }] }, "facet_not_produced_by_capability" },
        { "edge to nowhere", new() { Nodes = [Strategist, Copywriter], Edges = [new() { From = Strategist.Id, To = Copywriter.Id },
            new() { From = "x", To = Copywriter.Id }] }, "unknown_node" },
    };

    [Theory]
    [MemberData(nameof(BadDrafts))]
    public void A_bad_draft_is_rejected_with_a_diagnostic_naming_the_problem(string @case, PlanDraft draft, string code) =>
        Validate(draft, ["post_copy"]).ShouldContain(d => d.Code == code && d.Severity == DiagnosticSeverity.Error, @case);

    [Fact]
    public void A_forbidden_capability_in_a_draft_is_rejected()
    {
        var draft = new PlanDraft { Nodes = [Strategist, Copywriter], Edges = [new() { From = Strategist.Id, To = Copywriter.Id }] };
        Validate(draft, ["post_copy"], new() { Forbid = [Copywriter.CapabilityId] })
            .ShouldContain(d => d.Code == "forbidden_capability" && d.NodeId == Copywriter.Id);
    }

    [Fact]
    public void A_correct_draft_passes()
    {
        var draft = new PlanDraft { Nodes = [Strategist, Copywriter], Edges = [new() { From = Strategist.Id, To = Copywriter.Id }] };
        Validate(draft, ["post_copy"]).ShouldNotContain(d => d.Severity == DiagnosticSeverity.Error);
    }
}
