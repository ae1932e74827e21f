namespace FlexAspire.Tests.Contracts;

public class EnvelopeRoundTripTests
{
    [Fact]
    public void Social_post_envelope_with_facets_contract_round_trips()
    {
        var envelope = JsonAssert.RoundTrips(SampleDocuments.Read(SampleDocuments.SocialPostEnvelope), FlexJsonContext.Default.TaskEnvelope);

        envelope.OutputContract.ShouldBeOfType<FacetsOutputContract>().Facets.ShouldBe(["post"]);
        envelope.Inputs!.Select(i => i.Key).ShouldBe(["company_information", "post_context", "feedback"]);
        envelope.GoalConditions!.Single().Condition.Dsl.ShouldBe("length > 0");
        envelope.Policies!.Runtime!.Single().Trigger.Kind.ShouldBe(TriggerKind.OnValidationFail);
    }

    [Fact]
    public void Variants_envelope_with_json_schema_contract_round_trips()
    {
        var envelope = JsonAssert.RoundTrips(SampleDocuments.Read(SampleDocuments.VariantsEnvelope), FlexJsonContext.Default.TaskEnvelope);

        var contract = envelope.OutputContract.ShouldBeOfType<JsonSchemaOutputContract>();
        contract.Schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["variants"]);
        envelope.Policies!.Planner!.Topology!.VariantCount.ShouldBe(3);
    }

    [Fact]
    public void Freeform_envelope_round_trips()
    {
        var envelope = JsonAssert.RoundTrips(SampleDocuments.Read(SampleDocuments.FreeformEnvelope), FlexJsonContext.Default.TaskEnvelope);

        envelope.OutputContract.ShouldBeOfType<FreeformOutputContract>().ExpectedFormat.ShouldBe("markdown");
    }

    [Fact]
    public void Mode_may_follow_the_other_contract_fields()
    {
        const string json = """{"objective":"x","outputContract":{"facets":["post"],"mode":"facets"}}""";

        var envelope = JsonSerializer.Deserialize(json, FlexJsonContext.Default.TaskEnvelope);

        envelope!.OutputContract.ShouldBeOfType<FacetsOutputContract>();
    }
}
