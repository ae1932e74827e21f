// Needs a ProjectReference from FlexAspire.Tests to FlexAspire.Api; until the csproj has it (and defines
// FLEX_TESTS_REFERENCE_API), this file compiles to nothing so the rest of the suite keeps building.
#if FLEX_TESTS_REFERENCE_API

namespace FlexAspire.Tests.Contracts;

public class EnvelopeValidatorTests
{
    private static TaskEnvelope Envelope(string json) =>
        ContractReader.Read(json, FlexJsonContext.Default.TaskEnvelope).Value.ShouldNotBeNull();

    private static Dictionary<string, string[]> Validate(string json) => EnvelopeValidator.Validate(Envelope(json), FacetCatalog.All);

    [Theory]
    [InlineData(SampleDocuments.SocialPostEnvelope)]
    [InlineData(SampleDocuments.VariantsEnvelope)]
    [InlineData(SampleDocuments.FreeformEnvelope)]
    public void Sample_envelopes_are_valid(string fileName) =>
        EnvelopeValidator.Validate(Envelope(SampleDocuments.Read(fileName)), FacetCatalog.All).ShouldBeEmpty();

    [Fact]
    public void The_sample_streams_policy_triggered_frames_name_policies_the_intake_accepts()
    {
        // A frame the server could never emit (a param its action does not read) would make a misleading sample.
        var frames = SampleDocuments.Parse("events.json").AsArray().Where(f => f!["type"]!.GetValue<string>() == "policy_triggered").ToList();
        frames.ShouldNotBeEmpty();
        foreach (var frame in frames)
        {
            var payload = frame!["payload"]!;
            var envelope = JsonNode.Parse(SampleDocuments.Read(SampleDocuments.SocialPostEnvelope))!.AsObject();
            var action = new JsonObject { ["type"] = payload["action"]!.DeepClone() };
            if (payload["params"] is { } parameters) action["params"] = parameters.DeepClone();
            var policy = new JsonObject
            {
                ["id"] = payload["policyId"]!.DeepClone(),
                ["trigger"] = new JsonObject { ["kind"] = payload["trigger"]!.DeepClone() },
                ["action"] = action,
            };
            if (frame["nodeId"] is { } nodeId && payload["trigger"]!.GetValue<string>() != "onStart") policy["trigger"]!["selector"] = nodeId.DeepClone();
            envelope["policies"]!["runtime"] = new JsonArray(policy);

            EnvelopeValidator.Validate(Envelope(envelope.ToJsonString()), FacetCatalog.All).ShouldBeEmpty(policy.ToJsonString());
        }
    }

    [Fact]
    public void Empty_facets_list_is_reported_on_the_facets_field() =>
        Validate("""{"objective":"x","outputContract":{"mode":"facets","facets":[]}}""")
            .ShouldContainKey("outputContract.facets");

    [Fact]
    public void Duplicated_facet_is_reported_by_name()
    {
        var errors = Validate("""{"objective":"x","outputContract":{"mode":"facets","facets":["post","post_copy","post"]}}""");

        errors["outputContract.facets"].ShouldHaveSingleItem().ShouldContain("'post'");
    }

    [Fact]
    public void Unknown_facet_is_reported_when_the_catalog_is_given() =>
        Validate("""{"objective":"x","outputContract":{"mode":"facets","facets":["poem"]}}""")
            ["outputContract.facets[0]"].ShouldHaveSingleItem().ShouldContain("'poem'");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_objective_is_reported(string objective) =>
        Validate($$$"""{"objective":"{{{objective}}}","outputContract":{"mode":"facets","facets":["post"]}}""")
            .ShouldContainKey("objective");

    [Fact]
    public void Objective_longer_than_8000_characters_is_reported()
    {
        var envelope = Envelope("""{"objective":"x","outputContract":{"mode":"facets","facets":["post"]}}""") with
        {
            Objective = new string('a', 8001),
        };

        EnvelopeValidator.Validate(envelope)["objective"].ShouldHaveSingleItem().ShouldContain("8000");
    }

    [Fact]
    public void Invalid_json_schema_is_reported_with_keyword_and_pointer()
    {
        var errors = Validate("""
            {"objective":"x","outputContract":{"mode":"json_schema","schema":
              {"type":"object","properties":{"variants":{"type":"array","minItems":-2}}}}}
            """);

        var reason = errors["outputContract.schema"].ShouldHaveSingleItem();
        reason.ShouldContain("/properties/variants/minItems");
        reason.ShouldContain("'minItems'");
    }

    [Fact]
    public void Json_schema_with_unknown_keywords_is_accepted_as_draft_2020_12_does() =>
        Validate("""{"objective":"x","outputContract":{"mode":"json_schema","schema":{"type":"object","x-order":["a"]}}}""")
            .ShouldBeEmpty();

    [Fact]
    public void Example_that_does_not_satisfy_the_schema_is_reported() =>
        Validate("""{"objective":"x","outputContract":{"mode":"json_schema","schema":{"type":"object","required":["a"]},"example":{}}}""")
            .ShouldContainKey("outputContract.example");

    [Fact]
    public void Blank_freeform_instructions_are_reported() =>
        Validate("""{"objective":"x","outputContract":{"mode":"freeform","instructions":" "}}""")
            .ShouldContainKey("outputContract.instructions");

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void Variant_count_outside_1_to_6_is_reported(int variantCount) =>
        Validate("""{"objective":"x","policies":{"planner":{"topology":{"variantCount":""" + variantCount + """}}},"outputContract":{"mode":"facets","facets":["post"]}}""")
            .ShouldContainKey("policies.planner.topology.variantCount");

    [Fact]
    public void Max_depth_below_1_is_reported() =>
        Validate("""{"objective":"x","policies":{"planner":{"topology":{"maxDepth":0}}},"outputContract":{"mode":"facets","facets":["post"]}}""")
            .ShouldContainKey("policies.planner.topology.maxDepth");

    [Fact]
    public void Blank_special_instruction_is_reported_by_index() =>
        Validate("""{"objective":"x","specialInstructions":["ok",""],"outputContract":{"mode":"facets","facets":["post"]}}""")
            .ShouldContainKey("specialInstructions[1]");

    [Fact]
    public void Input_that_breaks_its_facet_schema_is_reported()
    {
        var envelope = Envelope("""{"objective":"x","outputContract":{"mode":"facets","facets":["post"]}}""") with
        {
            Inputs = new JsonObject { ["post_context"] = new JsonObject { ["type"] = "myspace", ["data"] = new JsonObject() } },
        };

        EnvelopeValidator.Validate(envelope, FacetCatalog.All)["inputs.post_context"].ShouldHaveSingleItem().ShouldContain("/type");
    }
}
#endif
