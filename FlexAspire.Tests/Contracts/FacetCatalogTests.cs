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
    public void Facet_schema_compiles_and_every_object_in_it_is_closed(string name)
    {
        var facet = FacetCatalog.Find(name).ShouldNotBeNull();

        Should.NotThrow(() => Compile(facet.Schema));
        foreach (var schema in ObjectSchemas(facet.Schema))
        {
            schema["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
            var properties = schema["properties"]!.AsObject().Select(p => p.Key).ToList();
            (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ShouldBeSubsetOf(properties);
        }
        facet.Schema.ToJsonString().ShouldNotContain("\"$ref\"");
    }

    // The existing system's published catalog decides: what it marks bidirectional (company information, the post, the
    // positioning context) may be both read and produced here too.
    [Theory]
    [InlineData("company_information", FacetDirection.Bidirectional)]
    [InlineData("post_context", FacetDirection.Input)]
    [InlineData("positioning_context", FacetDirection.Bidirectional)]
    [InlineData("clarification_response", FacetDirection.Input)]
    [InlineData("creative_brief", FacetDirection.Bidirectional)]
    [InlineData("post_copy", FacetDirection.Bidirectional)]
    [InlineData("post", FacetDirection.Bidirectional)]
    [InlineData("positioning", FacetDirection.Output)]
    public void Facet_direction_is_the_existing_systems(string name, FacetDirection direction) =>
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
    public void Post_holds_the_post_copy_text_and_the_post_visual_links()
    {
        var post = FacetCatalog.Find("post")!.Schema["properties"]!;

        post["copy"]!["type"]!.GetValue<string>().ShouldBe(FacetCatalog.Find("post_copy")!.Schema["type"]!.GetValue<string>());
        var visual = FacetCatalog.Find("post_visual")!.Schema["items"]!;
        post["visuals"]!["items"]!["type"]!.GetValue<string>().ShouldBe(visual["type"]!.GetValue<string>());
        post["visuals"]!["items"]!["format"]!.GetValue<string>().ShouldBe(visual["format"]!.GetValue<string>());
    }

    private static IEnumerable<JsonObject> ObjectSchemas(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "object" =>
            [o, .. o["properties"]!.AsObject().SelectMany(p => ObjectSchemas(p.Value))],
        JsonObject o when o["type"]?.GetValue<string>() == "array" => ObjectSchemas(o["items"]),
        _ => [],
    };
}
