using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Contracts.Facets;
using Json.Schema;

namespace FlexAspire.Tests.Contracts;

public class FacetCatalogTests
{
    private static readonly string[] ExpectedNames =
    [
        "company_information", "post_context", "creative_brief", "strategic_rationale", "handoff_summary", "feedback",
        "post_copy", "post_visual", "post", "positioning_context", "value_canvas", "positioning_opportunities",
        "positioning_recommendation", "messaging_stack", "positioning", "clarification_request", "clarification_response",
    ];

    public static TheoryData<string> FacetNames => new(ExpectedNames);

    private static JsonSchema Compile(JsonNode schema) => JsonSchema.FromText(schema.ToJsonString(),
        new BuildOptions { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() });

    [Fact]
    public void Catalog_holds_exactly_the_seventeen_seed_facets() =>
        FacetCatalog.All.Select(f => f.Name).ShouldBe(ExpectedNames, ignoreOrder: true);

    [Fact]
    public void Catalog_file_is_also_copied_next_to_the_assembly() =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, "Facets", "facet-catalog.json")).ShouldBeTrue();

    [Theory]
    [MemberData(nameof(FacetNames))]
    public void Facet_schema_compiles_and_is_a_closed_object(string name)
    {
        var facet = FacetCatalog.Find(name).ShouldNotBeNull();

        Should.NotThrow(() => Compile(facet.Schema));
        foreach (var schema in ObjectSchemas(facet.Schema))
        {
            schema["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
            var properties = schema["properties"]!.AsObject().Select(p => p.Key).ToList();
            schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBeSubsetOf(properties);
        }
        facet.Schema.ToJsonString().ShouldNotContain("\"$ref\"");
        facet.Schema.ToJsonString().ShouldNotContain("\"format\"");
    }

    [Theory]
    [InlineData("company_information", FacetDirection.Input)]
    [InlineData("post_context", FacetDirection.Input)]
    [InlineData("positioning_context", FacetDirection.Input)]
    [InlineData("clarification_response", FacetDirection.Input)]
    [InlineData("creative_brief", FacetDirection.Bidirectional)]
    [InlineData("post_copy", FacetDirection.Bidirectional)]
    [InlineData("post", FacetDirection.Output)]
    public void Facet_direction_matches_who_produces_and_consumes_it(string name, FacetDirection direction) =>
        FacetCatalog.Find(name)!.Direction.ShouldBe(direction);

    [Theory]
    [InlineData(SampleDocuments.SocialPostEnvelope)]
    [InlineData(SampleDocuments.VariantsEnvelope)]
    [InlineData(SampleDocuments.FreeformEnvelope)]
    public void Sample_envelope_inputs_satisfy_their_facet_schemas(string fileName)
    {
        foreach (var (name, value) in SampleDocuments.Parse(fileName)["inputs"]!.AsObject())
        {
            var result = Compile(FacetCatalog.Find(name)!.Schema).Evaluate(JsonSerializer.SerializeToElement(value));
            result.IsValid.ShouldBeTrue($"{fileName}: inputs.{name} does not satisfy its facet schema");
        }
    }

    [Fact]
    public void Post_reuses_the_post_copy_and_post_visual_shapes()
    {
        var post = FacetCatalog.Find("post")!.Schema["properties"]!;

        JsonNode.DeepEquals(post["copy"], FacetCatalog.Find("post_copy")!.Schema).ShouldBeTrue();
        JsonNode.DeepEquals(post["visual"], FacetCatalog.Find("post_visual")!.Schema).ShouldBeTrue();
    }

    private static IEnumerable<JsonObject> ObjectSchemas(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "object" =>
            [o, .. o["properties"]!.AsObject().SelectMany(p => ObjectSchemas(p.Value))],
        JsonObject o when o["type"]?.GetValue<string>() == "array" => ObjectSchemas(o["items"]),
        _ => [],
    };
}
