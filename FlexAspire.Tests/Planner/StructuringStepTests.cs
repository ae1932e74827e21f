using FlexAspire.Planner.Planning;
using static FlexAspire.Tests.Planner.PlannerFixtures;

namespace FlexAspire.Tests.Planner;

public sealed class StructuringStepTests
{
    private static JsonObject VariantsSchema() => (JsonObject)JsonNode.Parse("""
        {
          "type": "object", "required": ["variants"],
          "properties": { "variants": { "type": "array", "minItems": 2, "items": {
            "type": "object", "required": ["headline", "body", "callToAction"],
            "properties": { "headline": { "type": "string" }, "body": { "type": "string" }, "callToAction": { "type": "string" } } } } }
        }
        """)!;

    [Fact]
    public async Task A_schema_no_facet_has_gets_a_structuring_node_fed_by_the_copy_path()
    {
        var schema = VariantsSchema();
        var plan = (await PlanAsync(Envelope(SocialInputs, new JsonSchemaOutputContract { Schema = schema },
            "Write two LinkedIn post variants for our launch"))).ShouldPlan();

        var final = plan.Nodes.Single(n => n.Id == "contract.Structurer:final");
        final.Kind.ShouldBe(CapabilityKind.Structuring);
        final.InputFacets.ShouldBe(["post_copy", "creative_brief"]);
        final.Contracts.Output.ShouldBeOfType<JsonSchemaOutputContract>().Schema.ShouldBeSameAs(schema);
        plan.HasEdge("copywriter.SocialpostDrafting", final.Id).ShouldBeTrue();
        plan.HasEdge("strategist.SocialPosting", final.Id).ShouldBeTrue();
        // No visual and no review: the cheapest human-free path that carries the copy.
        plan.Ids().ShouldBe(["strategist.SocialPosting", "copywriter.SocialpostDrafting", final.Id]);
        plan.Nodes.Last().Id.ShouldBe(final.Id);
        plan.Metadata!["output"]!["nodeId"]!.GetValue<string>().ShouldBe(final.Id);
    }

    [Fact]
    public async Task A_schema_equal_to_a_facets_schema_needs_no_structuring_node()
    {
        // Same schema as post (the one facet schema no other facet shares), with keys reordered, required reordered and
        // annotations added.
        var facetSchema = FacetCatalog.Find("post")!.Schema;
        var schema = new JsonObject { ["title"] = "My copy", ["$schema"] = "https://json-schema.org/draft/2020-12/schema" };
        foreach (var (key, value) in facetSchema.Reverse())
        {
            schema[key] = key == "required" ? new JsonArray(value!.AsArray().Reverse().Select(v => v!.DeepClone()).ToArray()) : value!.DeepClone();
        }
        var outcome = await PlanAsync(Envelope(SocialInputs, new JsonSchemaOutputContract { Schema = schema }));
        var plan = outcome.ShouldPlan();

        plan.Nodes.ShouldNotContain(n => n.CapabilityId == "contract.Structurer");
        plan.Ids().ShouldBe(["strategist.SocialPosting", "copywriter.SocialpostDrafting", "designer.VisualDesign", "director.SocialPostingReview"], ignoreOrder: true);
        plan.Metadata!["output"]!["facets"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["post"]);
        outcome.Diagnostics.ShouldContain(d => d.Code == "schema_matches_facet" && d.Facet == "post");
    }

    [Fact]
    public async Task A_freeform_contract_gets_a_formatting_step_returning_text()
    {
        var contract = new FreeformOutputContract { Instructions = "One paragraph for LinkedIn", ExpectedFormat = "markdown" };
        var plan = (await PlanAsync(Envelope(SocialInputs, contract))).ShouldPlan();

        var final = plan.Nodes.Single(n => n.Id == "contract.Structurer:final");
        final.InputFacets.ShouldContain("post_copy");
        final.Contracts.Output.ShouldBeOfType<JsonSchemaOutputContract>().Schema["required"]!.AsArray()
            .Select(r => r!.GetValue<string>()).ShouldBe(["text"]);
        final.Metadata!["instructions"]!.GetValue<string>().ShouldBe("One paragraph for LinkedIn");
        plan.Metadata!["output"]!["pointer"]!.GetValue<string>().ShouldBe("/text");
        plan.Nodes.ShouldNotContain(n => n.CapabilityId == "designer.VisualDesign");
    }

    [Fact]
    public async Task Schema_variants_with_variantCount_feed_every_branch_into_the_structurer()
    {
        var plan = (await PlanAsync(Envelope(SocialInputs, new JsonSchemaOutputContract { Schema = VariantsSchema() },
            topology: new() { VariantCount = 2 }))).ShouldPlan();

        var sources = plan.Edges.Where(e => e.To == "contract.Structurer:final").Select(e => e.From).ToList();
        sources.ShouldContain("copywriter.SocialpostDrafting");
        sources.ShouldContain("copywriter.SocialpostDrafting#v2");
    }

    [Fact]
    public async Task Without_a_registered_structurer_a_schema_contract_is_a_422()
    {
        var catalog = MarketingCatalog.All.Where(c => c.CapabilityId != "contract.Structurer");
        var outcome = await PlanAsync(Envelope(SocialInputs, new JsonSchemaOutputContract { Schema = VariantsSchema() }), catalog);

        outcome.Plan.ShouldBeNull();
        outcome.Diagnostics.ShouldContain(d => d.Code == "unknown_capability" && d.CapabilityId == "contract.Structurer");
    }

    [Theory]
    [InlineData("""{"type":"object","required":["a","b"],"properties":{"a":{"type":"string"},"b":{"type":"number"}}}""",
        """{"properties":{"b":{"type":"number","description":"x"},"a":{"type":"string"}},"required":["b","a"],"type":"object","title":"T"}""", true)]
    [InlineData("""{"type":"array","minItems":2}""", """{"type":"array","minItems":1}""", false)]
    [InlineData("""{"type":"object","properties":{"title":{"type":"string"}}}""", """{"type":"object","properties":{}}""", false)]
    [InlineData("""{"enum":["x","y"]}""", """{"enum":["y","x"]}""", true)]
    public void Canonical_schema_comparison_ignores_order_and_annotations_only(string left, string right, bool equivalent) =>
        CanonicalSchema.Equivalent(JsonNode.Parse(left), JsonNode.Parse(right)).ShouldBe(equivalent);
}
