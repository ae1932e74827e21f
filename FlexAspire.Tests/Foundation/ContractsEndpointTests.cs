using Json.Schema;

namespace FlexAspire.Tests.Foundation;

[Collection(StackCollection.Name)]
public sealed class ContractsEndpointTests(FlexStackFixture stack)
{
    [Theory]
    [InlineData("envelope-social-post.json")]
    [InlineData("envelope-variants.json")]
    [InlineData("envelope-freeform.json")]
    public async Task The_served_TaskEnvelope_schema_validates_the_sample_envelopes(string sample)
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.GetAsync("/api/v1/flex/contracts/TaskEnvelope");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        var schema = JsonSchema.FromText(await response.Content.ReadAsStringAsync());
        using var envelope = JsonDocument.Parse(FlexApiClient.Sample(sample));
        var result = schema.Evaluate(envelope.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        result.IsValid.ShouldBeTrue(JsonSerializer.Serialize(result));
    }

    [Fact]
    public async Task The_served_TaskEnvelope_schema_rejects_an_envelope_without_objective()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var schema = JsonSchema.FromText(await api.GetStringAsync("/api/v1/flex/contracts/TaskEnvelope"));
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope.Remove("objective");
        schema.Evaluate(JsonSerializer.SerializeToElement(envelope)).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task An_unknown_contract_name_is_a_404_problem()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.GetAsync("/api/v1/flex/contracts/NoSuchThing");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
