using FlexAspire.Schemas;

namespace FlexAspire.Tests.Contracts;

/// Schemas are compiled once per distinct content (CompiledSchemaCache, shared by the API and the registry).
public sealed class CompiledSchemaCacheTests
{
    private const string Schema = """{"type":"object","required":["name"],"properties":{"name":{"type":"string","minLength":2}}}""";

    [Fact]
    public void Equal_schemas_from_different_documents_share_one_compiled_schema()
    {
        var first = SchemaCompiler.Compile(JsonNode.Parse(Schema)!);
        var second = SchemaCompiler.Compile(JsonNode.Parse(Schema)!);
        second.ShouldBeSameAs(first);

        var other = SchemaCompiler.Compile(JsonNode.Parse(Schema.Replace("minLength\":2", "minLength\":3"))!);
        other.ShouldNotBeSameAs(first);
    }

    [Fact]
    public async Task A_shared_compiled_schema_validates_correctly_from_many_threads_at_once()
    {
        var schema = SchemaCompiler.Compile(JsonNode.Parse(Schema)!);
        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() =>
        {
            var valid = i % 2 == 0;
            var instance = valid ? new JsonObject { ["name"] = $"name {i}" } : new JsonObject { ["name"] = "x" };
            return (valid, errors: SchemaValidator.Validate(schema, instance));
        })));
        results.ShouldAllBe(r => r.valid ? r.errors.Count == 0 : r.errors.Any(e => e.Keyword == "minLength"));
    }
}
