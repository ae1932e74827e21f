using System.Text.Json.Nodes;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Facets;

namespace FlexAspire.Api.Runs.Execution;

/// The JSON Schema a node's output must satisfy, compiled from its contract: the caller's schema as is, an object
/// of the named facets' schemas, or `{text}` for free-form text.
public static class NodeContractSchema
{
    public static JsonObject For(OutputContract contract) => contract switch
    {
        JsonSchemaOutputContract schema => schema.Schema.DeepClone().AsObject(),
        FacetsOutputContract facets => new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray(facets.Facets.Select(f => (JsonNode)f).ToArray()),
            ["properties"] = new JsonObject(facets.Facets.Select(f => KeyValuePair.Create(f,
                (JsonNode?)(FacetCatalog.Find(f)?.Schema.DeepClone() ?? new JsonObject())))),
            ["additionalProperties"] = false,
        },
        FreeformOutputContract => new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("text"),
            ["properties"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 } },
            ["additionalProperties"] = false,
        },
        _ => throw new NotSupportedException(contract.GetType().Name),
    };
}
