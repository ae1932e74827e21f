using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.Caching.Memory;

namespace FlexAspire.Schemas;

// Linked into every service that compiles JSON Schemas (API, registry): one dialect, one way to compile, one cache.
// Facet schemas, capability contracts and caller schemas repeat across requests and runs, so each distinct schema is
// compiled once per process (keyed by the SHA-256 of its JSON text) and the built schema, which JsonSchema.Net 8
// evaluates read-only, is shared by every request. The cache is bounded by the schemas' total size.
internal static class CompiledSchemaCache
{
    /// Total size of the schemas kept, in KiB of JSON text.
    private const long SizeLimitKiB = 32 * 1024;

    private static readonly MemoryCache Cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitKiB });

    /// Draft 2020-12 (JsonSchema.Net 8 defaults to its "v1/2026" dialect, which refuses unknown keywords; flex fixes
    /// 2020-12, which keeps them as annotations). Each compile gets its own registry so two callers' `$id`s never
    /// collide in the process-wide one, and the global registry never grows.
    private static BuildOptions CreateBuildOptions() =>
        new() { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() };

    /// The compiled schema; throws JsonSchemaException (or ArgumentException / JsonException for a value that is no
    /// schema) when it is invalid. Failures are not cached.
    public static JsonSchema GetOrCompile(JsonNode schema)
    {
        var text = schema.ToJsonString();
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (Cache.TryGetValue(key, out JsonSchema? cached))
        {
            return cached!;
        }
        var compiled = JsonSchema.FromText(text, CreateBuildOptions());
        Cache.Set(key, compiled, new MemoryCacheEntryOptions { Size = text.Length / 1024 + 1 });
        return compiled;
    }
}
