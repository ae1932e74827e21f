using System.Text;
using System.Text.Json.Nodes;
using FlexAspire.Api.Contracts;
using FlexAspire.Api.Hosting;
using FlexAspire.Tests.Infrastructure;

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
}
