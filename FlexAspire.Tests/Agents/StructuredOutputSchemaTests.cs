namespace FlexAspire.Tests.Agents;

public sealed class StructuredOutputSchemaTests
{
    [Theory]
    [InlineData("clarification_request")]
    [InlineData("clarification_response")]
    public void Closed_facet_schemas_are_sent_strict_with_unsupported_assertions_restated(string facet)
    {
        var schema = ContractSchema.For(new FacetsOutputContract { Facets = [facet] });

        var strict = StructuredOutputSchema.ToStrict(schema, out var reason);

        strict.ShouldNotBeNull(reason);
        strict.ToJsonString().ShouldNotContain("\"minLength\"");
        strict.ToJsonString().ShouldContain("Constraints: minLength: 1");
        schema.ToJsonString().ShouldContain("\"minLength\"", customMessage: "the original is left untouched for validation");
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}""", "additionalProperties")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["a"],"additionalProperties":false}""", "optional")]
    [InlineData("""{"type":"object"}""", "without declared properties")]
    [InlineData("""{"type":"array","items":{"type":"string"}}""", "root")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","if":{}}},"required":["a"],"additionalProperties":false}""", "/properties/a/if")]
    public void Schemas_whose_structure_does_not_fit_go_in_json_mode(string schema, string expectedReason)
    {
        StructuredOutputSchema.ToStrict(JsonNode.Parse(schema)!.AsObject(), out var reason).ShouldBeNull();
        reason.ShouldNotBeNull().ShouldContain(expectedReason);
    }

    [Fact]
    public void Facet_schemas_with_optional_properties_are_not_narrowed_to_fit()
    {
        // company_information has optional fields: making them required would change what the caller allowed.
        StructuredOutputSchema.ToStrict(ContractSchema.For(new FacetsOutputContract { Facets = ["company_information"] }), out var reason).ShouldBeNull();
        reason.ShouldNotBeNull().ShouldContain("optional");
    }

    // The existing system's facets decide: those with optional properties cannot go strict without being narrowed.
    [Theory]
    [InlineData("copywriter.SocialpostDrafting", true)]
    [InlineData("designer.VisualDesign", true)]
    [InlineData("strategist.SocialPosting", false)]
    [InlineData("director.SocialPostingReview", false)]
    [InlineData("strategist.Positioning", false)]
    [InlineData("copywriter.Messaging", false)]
    [InlineData("director.PositioningReview", false)]
    public void An_ai_capability_output_contract_goes_strict_exactly_when_all_its_facets_are_closed_and_fully_required(string capabilityId, bool strict)
    {
        var registration = new HostedCapabilityCatalog().Registrations.Single(r => r.CapabilityId == capabilityId);

        var sent = StructuredOutputSchema.ToStrict(ContractSchema.For(registration.OutputContract), out var reason);

        (sent is not null).ShouldBe(strict, reason);
        if (!strict)
            reason.ShouldNotBeNull().ShouldContain("optional");
    }

    [Theory]
    [InlineData("copywriter.SocialpostDrafting", "copywriter_SocialpostDrafting")]
    [InlineData("", "output")]
    public void Schema_names_use_only_the_characters_the_api_accepts(string source, string expected) =>
        StructuredOutputSchema.Name(source).ShouldBe(expected);
}
