using FlexAspire.Schemas;

namespace FlexAspire.Tests.Security;

public sealed class EnvelopeLimitsTests
{
    private static readonly FlexLimits Limits = new();

    [Fact]
    public void The_sample_envelope_is_within_every_limit() =>
        EnvelopeLimits.Check(Encoding.UTF8.GetBytes(FlexApiClient.Sample("envelope-social-post.json")), Limits).ShouldBeNull();

    [Fact]
    public void Malformed_json_is_left_to_the_contract_reader() =>
        EnvelopeLimits.Check("{ not json"u8, Limits).ShouldBeNull();

    [Fact]
    public void Nesting_deeper_than_the_limit_is_named()
    {
        var body = new string('[', Limits.MaxEnvelopeDepth + 1) + new string(']', Limits.MaxEnvelopeDepth + 1);

        EnvelopeLimits.Check(Encoding.UTF8.GetBytes(body), Limits)!.Limit.ShouldBe(nameof(FlexLimits.MaxEnvelopeDepth));
    }

    [Fact]
    public void Nesting_at_the_limit_passes()
    {
        var body = new string('[', Limits.MaxEnvelopeDepth) + new string(']', Limits.MaxEnvelopeDepth);

        EnvelopeLimits.Check(Encoding.UTF8.GetBytes(body), Limits).ShouldBeNull();
    }

    [Theory]
    [InlineData(8, null)]
    [InlineData(9, nameof(FlexLimits.MaxSchemaRefDepth))]
    public void Ref_chains_are_measured_hop_by_hop(int length, string? breach)
    {
        var envelope = new JsonObject
        {
            ["outputContract"] = new JsonObject { ["mode"] = "json_schema", ["schema"] = LimitTests.RefChain(length) },
        };

        (EnvelopeLimits.Check(Encoding.UTF8.GetBytes(envelope.ToJsonString()), Limits)?.Limit).ShouldBe(breach);
    }

    [Fact]
    public void A_recursive_schema_counts_its_hop_back_once_instead_of_forever()
    {
        var tree = JsonNode.Parse("""
            { "$ref": "#/$defs/node",
              "$defs": { "node": { "type": "object", "properties": {
                  "children": { "type": "array", "items": { "$ref": "#/$defs/node" } } } } } }
            """)!.AsObject();

        // root → node (1), node → node again (2): the hop back into the chain ends it.
        SchemaRefDepth.Measure(tree, 8).ShouldBe(2);
    }

    [Theory]
    [InlineData("""{"type":"array","minItems":1000000000}""", nameof(FlexLimits.MaxSchemaSizeBound))]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","minLength":1e300}}}""", nameof(FlexLimits.MaxSchemaSizeBound))]
    [InlineData("""{"type":"array","minItems":100000}""", null)]
    public void Size_minimums_no_output_could_meet_are_named(string schema, string? breach)
    {
        var envelope = new JsonObject { ["outputContract"] = new JsonObject { ["mode"] = "json_schema", ["schema"] = JsonNode.Parse(schema) } };

        (EnvelopeLimits.Check(Encoding.UTF8.GetBytes(envelope.ToJsonString()), Limits)?.Limit).ShouldBe(breach);
    }

    [Fact]
    public void A_schema_with_more_keywords_than_the_limit_is_named()
    {
        var properties = new JsonObject();
        for (var i = 0; i < Limits.MaxSchemaKeywords; i++)
            properties[$"p{i}"] = true;
        var envelope = new JsonObject { ["outputContract"] = new JsonObject { ["mode"] = "json_schema", ["schema"] = new JsonObject { ["properties"] = properties } } };

        EnvelopeLimits.Check(Encoding.UTF8.GetBytes(envelope.ToJsonString()), Limits)!.Limit.ShouldBe(nameof(FlexLimits.MaxSchemaKeywords));
    }

    [Theory]
    [InlineData("""{"objective":"x","policies":5,"outputContract":[]}""")]
    [InlineData("""{"objective":"x","policies":{"runtime":"all"},"outputContract":{"schema":[]}}""")]
    [InlineData("""{"objective":"x","outputContract":{"mode":"json_schema","schema":{"type":"string"},"schema":{"type":"object"}}}""")]
    public void Wrong_shapes_and_duplicate_keys_are_left_to_the_contract_reader_instead_of_throwing(string body) =>
        EnvelopeLimits.Check(Encoding.UTF8.GetBytes(body), Limits).ShouldBeNull();
}
