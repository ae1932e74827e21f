using System.Text.Json.Nodes;
using FlexAspire.Api.Agents.Invocation;

namespace FlexAspire.Tests.Agents;

public sealed class StructuredOutputSchemaTests
{
    [Theory]
    [InlineData("post")]
    [InlineData("positioning")]
    [InlineData("creative_brief")]
    public void Closed_facet_schemas_are_sent_strict_with_unsupported_assertions_restated(string facet)
    {
        var schema = OutputContractSchema.ForFacets([facet]);

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
        StructuredOutputSchema.ToStrict(OutputContractSchema.ForFacets(["company_information"]), out var reason).ShouldBeNull();
        reason.ShouldNotBeNull().ShouldContain("optional");
    }

    [Theory]
    [InlineData("copywriter.SocialpostDrafting", "copywriter_SocialpostDrafting")]
    [InlineData("", "output")]
    public void Schema_names_use_only_the_characters_the_api_accepts(string source, string expected) =>
        StructuredOutputSchema.Name(source).ShouldBe(expected);
}
