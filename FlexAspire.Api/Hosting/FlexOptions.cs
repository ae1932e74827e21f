namespace FlexAspire.Api.Hosting;

/// Configuration section `Flex`. `Flex:Enabled` can also come from the environment variable FLEX_ENABLED.
public sealed class FlexOptions
{
    public const string Section = "Flex";

    /// Off: every /api/v1/flex route answers 404 and nothing else changes.
    public bool Enabled { get; set; }

    /// Bearer API keys (`Flex:ApiKeys:0`, `Flex:ApiKeys:1`, …). Empty: the flex routes are open (development without
    /// the AppHost only; the AppHost always configures one). See docs/security.md.
    public List<string> ApiKeys { get; set; } = [];

    /// `Flex:Cors:Origins`: the browser origins allowed to call the API. Empty: no cross-origin browser calls.
    public CorsSettings Cors { get; set; } = new();

    public FlexLimits Limits { get; set; } = new();

    public sealed class CorsSettings
    {
        public List<string> Origins { get; set; } = [];
    }
}

/// `Flex:Limits`: input bounds of the public API; each breach is a problem naming the limit (docs/security.md).
public sealed class FlexLimits
{
    public const string Section = "Flex:Limits";

    /// Any request body on a flex route (413): the one body bound (Hosting/RequestBody).
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// Nesting of objects and arrays in an envelope (422).
    public int MaxEnvelopeDepth { get; set; } = 32;

    /// JSON values (objects, arrays, strings, numbers, …) in an envelope (422).
    public int MaxEnvelopeValues { get; set; } = 20_000;

    /// The caller's `outputContract.schema`, serialized (422).
    public int MaxSchemaBytes { get; set; } = 64 * 1024;

    /// Longest chain of `$ref` indirections in the caller's schema (422); recursion back into the chain ends it.
    public int MaxSchemaRefDepth { get; set; } = 8;

    /// Keywords (object members at any depth) in the caller's `outputContract.schema` (422).
    public int MaxSchemaKeywords { get; set; } = 4_000;

    /// The largest `minLength`/`minItems`/`minProperties`/`minContains` a caller's schema may ask for (422): an output
    /// needing more could not be produced within Flex:Agents:MaxOutputBytes.
    public int MaxSchemaSizeBound { get; set; } = 100_000;

    /// `policies.runtime` entries (422).
    public int MaxRuntimePolicies { get; set; } = 32;

    /// Open event streams per API key (429 with Retry-After).
    public int MaxStreamsPerKey { get; set; } = 2500;
}
