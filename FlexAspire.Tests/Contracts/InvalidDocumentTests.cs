namespace FlexAspire.Tests.Contracts;

/// What deserialization itself refuses, with a message naming the field. Semantic rules (empty or duplicate facets,
/// lengths, ranges) are the API's EnvelopeValidator's job, see EnvelopeValidatorTests.
public class InvalidDocumentTests
{
    private static Exception Reading(string json) =>
        Should.Throw<Exception>(() => JsonSerializer.Deserialize(json, FlexJsonContext.Default.TaskEnvelope));

    [Fact]
    public void Missing_objective_is_rejected_naming_objective() =>
        Reading("""{"outputContract":{"mode":"freeform","instructions":"x"}}""")
            .ShouldBeOfType<JsonException>().Message.ShouldContain("'objective'");

    [Fact]
    public void Missing_output_contract_is_rejected_naming_it() =>
        Reading("""{"objective":"x"}""").ShouldBeOfType<JsonException>().Message.ShouldContain("'outputContract'");

    [Fact]
    public void Unknown_mode_is_rejected_naming_the_mode_and_where()
    {
        var error = Reading("""{"objective":"x","outputContract":{"mode":"yaml","instructions":"x"}}""").ShouldBeOfType<JsonException>();

        error.Message.ShouldContain("'yaml'");
        error.Path.ShouldBe("$.outputContract");
    }

    [Fact]
    public void Missing_mode_is_rejected_with_the_contract_path() =>
        Reading("""{"objective":"x","outputContract":{"facets":["post"]}}""")
            .Message.ShouldContain("$.outputContract");

    [Fact]
    public void Unknown_top_level_field_is_rejected_naming_it() =>
        Reading("""{"objective":"x","objectiv":"typo","outputContract":{"mode":"freeform","instructions":"x"}}""")
            .ShouldBeOfType<JsonException>().Message.ShouldContain("'objectiv'");

    [Fact]
    public void Unknown_field_inside_a_known_object_is_rejected_naming_it() =>
        Reading("""{"objective":"x","policies":{"planner":{"selection":{"require":[]},"tenant":"t"}},"outputContract":{"mode":"freeform","instructions":"x"}}""")
            .ShouldBeOfType<JsonException>().Message.ShouldContain("'tenant'");

    [Fact]
    public void Free_form_members_accept_any_fields()
    {
        const string json = """
            {"objective":"x","inputs":{"anything":{"deep":[1,2]}},"constraints":{"custom":true},
             "outputContract":{"mode":"json_schema","schema":{"type":"object","x-vendor":1},"hints":{"free":1}}}
            """;

        Should.NotThrow(() => JsonSerializer.Deserialize(json, FlexJsonContext.Default.TaskEnvelope));
    }

    [Theory]
    [InlineData("""{"objective":"x","policies":{"runtime":[{"id":"p","trigger":{"kind":"onSunrise"},"action":{"type":"fail"}}]},"outputContract":{"mode":"freeform","instructions":"x"}}""", "$.policies.runtime[0].trigger.kind")]
    [InlineData("""{"objective":"x","policies":{"runtime":[{"id":"p","trigger":{"kind":1},"action":{"type":"fail"}}]},"outputContract":{"mode":"freeform","instructions":"x"}}""", "$.policies.runtime[0].trigger.kind")]
    [InlineData("""{"objective":"x","policies":{"planner":{"topology":{"variantCount":"3"}}},"outputContract":{"mode":"freeform","instructions":"x"}}""", "$.policies.planner.topology.variantCount")]
    [InlineData("""{"objective":null,"outputContract":{"mode":"freeform","instructions":"x"}}""", "$.objective")]
    public void Wrong_values_are_rejected_with_their_path(string json, string path) =>
        Reading(json).ShouldBeOfType<JsonException>().Path.ShouldBe(path);
}
