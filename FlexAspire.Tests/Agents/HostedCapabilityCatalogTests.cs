namespace FlexAspire.Tests.Agents;

public sealed class HostedCapabilityCatalogTests
{
    private static readonly string[] ExpectedIds =
    [
        "strategist.SocialPosting", "copywriter.SocialpostDrafting", "designer.VisualDesign",
        "director.SocialPostingReview", "strategist.Positioning", "copywriter.Messaging",
        "director.PositioningReview", "HumanAgent.clarifyBrief", "contract.Structurer",
    ];

    private readonly HostedCapabilityCatalog _catalog = new();

    [Fact]
    public void Catalog_holds_exactly_the_nine_capabilities_the_lead_fixed()
    {
        _catalog.Registrations.Select(r => r.CapabilityId).ShouldBe(ExpectedIds, ignoreOrder: true);
    }

    [Fact]
    public void Every_registration_has_version_cost_heartbeat_and_its_prompt()
    {
        foreach (var r in _catalog.Registrations)
        {
            r.Version.ShouldBe("1.0.0");
            r.Cost.ShouldNotBeNull().EstimatedTokens.ShouldNotBeNull();
            r.Heartbeat.ShouldNotBeNull().IntervalSeconds.ShouldBe(30);
            r.PreferredModels.ShouldNotBeNull();
            r.InstructionTemplates.ShouldNotBeNull()[HostedCapabilityCatalog.SystemPromptTemplate]!
                .GetValue<string>().Length.ShouldBeGreaterThan(50, r.CapabilityId);
        }
    }

    [Fact]
    public void Facet_contracts_name_only_facets_from_the_facet_catalog()
    {
        foreach (var r in _catalog.Registrations)
        {
            var contracts = new[] { r.InputContract, r.OutputContract }.OfType<FacetsOutputContract>();
            foreach (var facet in contracts.SelectMany(c => c.Facets))
                FacetCatalog.Find(facet).ShouldNotBeNull($"{r.CapabilityId} names unknown facet {facet}");
        }
    }

    [Fact]
    public void Human_and_structuring_capabilities_are_registered_as_the_lead_decided()
    {
        var human = _catalog.Find("HumanAgent.clarifyBrief").ShouldNotBeNull();
        human.AgentType.ShouldBe(AgentType.Human);
        human.AssignmentDefaults.ShouldBe(new HumanAssignment { Role = "strategist", OnDecline = DeclinePolicy.Requeue, TimeoutSeconds = 86400 });

        var structurer = _catalog.Find("contract.Structurer").ShouldNotBeNull();
        structurer.Kind.ShouldBe(CapabilityKind.Structuring);
        structurer.OutputContract.ShouldBeOfType<JsonSchemaOutputContract>().Schema.ToJsonString().ShouldBe("""{"type":"object"}""");

        _catalog.Registrations.Where(r => r.CapabilityId != "HumanAgent.clarifyBrief")
            .ShouldAllBe(r => r.AgentType == AgentType.Ai);
        _catalog.Find("director.SocialPostingReview")!.Kind.ShouldBe(CapabilityKind.Validation);
    }
}
