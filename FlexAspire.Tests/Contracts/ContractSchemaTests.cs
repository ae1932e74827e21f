using Json.Schema;

namespace FlexAspire.Tests.Contracts;

/// The published contract schemas (ContractSchemas, what GET /api/v1/flex/contracts/{name} serves) accept the
/// documents the services accept.
public class ContractSchemaTests
{
    private static JsonSchema Contract(string name) => JsonSchema.FromText(ContractSchemas.GetText(name)!,
        new BuildOptions { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() });

    private static EvaluationResults Evaluate(string contract, JsonNode? document) =>
        Contract(contract).Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });

    [Theory]
    [InlineData(SampleDocuments.SocialPostEnvelope)]
    [InlineData(SampleDocuments.VariantsEnvelope)]
    [InlineData(SampleDocuments.FreeformEnvelope)]
    public void TaskEnvelope_schema_validates_the_sample_envelopes(string fileName) =>
        Evaluate("TaskEnvelope", SampleDocuments.Parse(fileName)).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("CapabilityRegistration", "registration-copywriter.json")]
    [InlineData("CapabilityRegistration", "registration-human-reviewer.json")]
    [InlineData("CapabilityRecord", "capability-record.json")]
    [InlineData("FlexPlan", "plan.json")]
    [InlineData("PlanResponse", "plan-response.json")]
    [InlineData("RunResumeRequest", "run-resume-task.json")]
    [InlineData("HumanTask", "human-task.json")]
    [InlineData("HitlRequest", "hitl-request.json")]
    [InlineData("RunDetail", "run-detail.json")]
    [InlineData("CapabilityInvocationRequest", "invocation-request.json")]
    public void Contract_schema_validates_its_sample(string contract, string fileName) =>
        Evaluate(contract, SampleDocuments.Parse(fileName)).IsValid.ShouldBeTrue();

    [Fact]
    public void FlexEvent_schema_validates_every_sample_frame()
    {
        foreach (var frame in SampleDocuments.Parse("events.json").AsArray())
            Evaluate("FlexEvent", frame).IsValid.ShouldBeTrue(frame!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"objective":"x","outputContract":{"mode":"yaml","instructions":"x"}}""")]
    [InlineData("""{"objective":"x","outputContract":{"facets":["post"]}}""")]
    [InlineData("""{"outputContract":{"mode":"facets","facets":["post"]}}""")]
    [InlineData("""{"objective":"x","extra":1,"outputContract":{"mode":"facets","facets":["post"]}}""")]
    [InlineData("""{"objective":"x","outputContract":{"mode":"facets","instructions":"x"}}""")]
    public void TaskEnvelope_schema_rejects_what_deserialization_rejects(string json) =>
        Evaluate("TaskEnvelope", JsonNode.Parse(json)).IsValid.ShouldBeFalse();

    [Fact]
    public void Output_contract_is_published_as_alternatives_discriminated_by_mode()
    {
        var contract = ContractSchemas.Get("TaskEnvelope")!["properties"]!["outputContract"]!;

        var alternatives = (contract["anyOf"] ?? contract["oneOf"])!.AsArray();
        alternatives.Select(a => a!["properties"]!["mode"]!["const"]!.GetValue<string>())
            .ShouldBe(["json_schema", "facets", "freeform"]);
    }

    [Fact]
    public void Every_published_schema_is_a_valid_draft_2020_12_schema()
    {
        ContractSchemas.Names.ShouldContain("TaskEnvelope");
        ContractSchemas.Names.ShouldContain("FacetDefinition");
        foreach (var name in ContractSchemas.Names)
            Should.NotThrow(() => Contract(name), name);
    }

    [Fact]
    public void Unknown_contract_name_has_no_schema() => ContractSchemas.GetText("NoSuchContract").ShouldBeNull();
}
