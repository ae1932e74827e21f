// See EnvelopeValidatorTests for why this is conditional.
#if FLEX_TESTS_REFERENCE_API

namespace FlexAspire.Tests.Contracts;

/// ContractReader turns deserialization failures into ValidationProblem-shaped errors keyed by the field.
public class ContractReaderTests
{
    private static Dictionary<string, string[]> Errors(string json)
    {
        var result = ContractReader.Read(json, FlexJsonContext.Default.TaskEnvelope);
        result.IsValid.ShouldBeFalse();
        return result.Errors;
    }

    [Theory]
    [InlineData("""{"outputContract":{"mode":"freeform","instructions":"x"}}""", "objective")]
    [InlineData("""{"objective":"x","outputContract":{"mode":"yaml"}}""", "outputContract.mode")]
    [InlineData("""{"objective":"x","outputContract":{"facets":["post"]}}""", "outputContract.mode")]
    [InlineData("""{"objective":"x","objectiv":"typo","outputContract":{"mode":"freeform","instructions":"x"}}""", "objectiv")]
    [InlineData("""{"objective":"x","policies":{"planner":{"tenant":"t"}},"outputContract":{"mode":"freeform","instructions":"x"}}""", "policies.planner.tenant")]
    [InlineData("""{"objective":"x","outputContract":{"mode":"freeform"}}""", "outputContract.instructions")]
    [InlineData("""{"objective":"x","policies":{"runtime":[{"id":"p","trigger":{"kind":"onSunrise"},"action":{"type":"fail"}}]},"outputContract":{"mode":"freeform","instructions":"x"}}""", "policies.runtime[0].trigger.kind")]
    [InlineData("""{"objective":null,"outputContract":{"mode":"freeform","instructions":"x"}}""", "objective")]
    public void Failure_is_keyed_by_the_offending_field(string json, string field) =>
        Errors(json).Keys.ShouldBe([field]);

    [Theory]
    [InlineData("""{"objective":"a","objective":"b","outputContract":{"mode":"freeform","instructions":"x"}}""", "objective", "more than once")]
    [InlineData("""{"objective":"x","inputs":{"post_context":{"topic":"a","topic":"b"}},"outputContract":{"mode":"freeform","instructions":"x"}}""", "inputs.post_context.topic", "more than once")]
    [InlineData("""{"objective":"x","specialInstructions":["ok","a\u0000b"],"outputContract":{"mode":"freeform","instructions":"x"}}""", "specialInstructions[1]", "NUL")]
    [InlineData("""{"objective":"x\ud800","outputContract":{"mode":"freeform","instructions":"x"}}""", "objective", "UTF-16")]
    [InlineData("""{"objective":"x","outputContract":[]}""", "outputContract", "")]
    [InlineData("""{"objective":"x","policies":5,"outputContract":{"mode":"freeform","instructions":"x"}}""", "policies", "")]
    public void Duplicate_keys_NULs_broken_text_and_wrong_types_are_named(string json, string field, string reason)
    {
        var errors = Errors(json);

        errors.Keys.ShouldBe([field]);
        errors[field].ShouldContain(r => r.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_json_is_a_validation_error_not_an_exception() =>
        Errors("""{"objective": """).ShouldNotBeEmpty();

    [Fact]
    public async Task Reads_a_valid_body_from_a_stream()
    {
        await using var body = new MemoryStream(Encoding.UTF8.GetBytes(SampleDocuments.Read(SampleDocuments.SocialPostEnvelope)));

        var result = await ContractReader.ReadAsync(body, FlexJsonContext.Default.TaskEnvelope, CancellationToken.None);

        result.IsValid.ShouldBeTrue();
        result.Value.Objective.ShouldStartWith("Write a LinkedIn post");
    }
}
#endif
