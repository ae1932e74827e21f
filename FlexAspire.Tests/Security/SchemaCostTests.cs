using FlexAspire.Schemas;

namespace FlexAspire.Tests.Security;

/// The review's suspicion that schema compilation and `uniqueItems` cost is unbounded, measured: the largest schema
/// the limits admit compiles quickly, and JsonSchema.Net checks uniqueItems by hashing (linear), so an array as large
/// as an output may be (Flex:Agents:MaxOutputBytes) is cheap. What is unbounded without a limit is `pattern`: that
/// is proven in the API process (HostileInputTests), because the regex time limit is process-wide and this test
/// process used Regex long before it loaded the API.
public sealed class SchemaCostTests
{
    private static readonly FlexLimits Limits = new();

    [Fact]
    public void The_largest_schema_the_limits_admit_compiles_and_evaluates_in_well_under_a_second_each()
    {
        var properties = new JsonObject();
        for (var i = 0; properties.Count * 4 < Limits.MaxSchemaKeywords - 10; i++)
            properties[$"p{i}"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 50 };
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        var instance = new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create("value"))));
        var clock = Stopwatch.StartNew();

        SchemaCompiler.TryCompile(schema, out var compiled, out var problem).ShouldBeTrue(problem?.ToString());
        var compiling = clock.Elapsed;
        SchemaValidator.Validate(compiled!, instance).ShouldBeEmpty();

        compiling.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        (clock.Elapsed - compiling).ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void UniqueItems_over_an_output_sized_array_is_linear_not_quadratic()
    {
        var schema = SchemaCompiler.Compile(JsonNode.Parse("""{"type":"array","uniqueItems":true}""")!);
        var items = new JsonArray(Enumerable.Range(0, 60_000).Select(i => (JsonNode?)new JsonObject { ["n"] = i }).ToArray());
        var clock = Stopwatch.StartNew();

        SchemaValidator.Validate(schema, items).ShouldBeEmpty();

        // 60 000 items pairwise would be 1.8 billion comparisons.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}
