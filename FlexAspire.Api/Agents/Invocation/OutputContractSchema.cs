using System.Text.Json.Nodes;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Facets;

namespace FlexAspire.Api.Agents.Invocation;

/// The JSON Schema a capability's output must satisfy, from an output contract: a facets contract becomes a closed
/// object with one required property per facet (the facet's own schema), json_schema is the caller's schema, and
/// freeform is a string. For callers that build a CapabilityInvocationRequest.OutputSchema.
public static class OutputContractSchema
{
    public static JsonObject For(OutputContract contract, Func<string, FacetDefinition?>? findFacet = null)
    {
        findFacet ??= FacetCatalog.Find;
        return contract switch
        {
            JsonSchemaOutputContract json => json.Schema.DeepClone().AsObject(),
            FreeformOutputContract => new JsonObject { ["type"] = "string", ["minLength"] = 1 },
            FacetsOutputContract facets => ForFacets(facets.Facets, findFacet),
            _ => throw new ArgumentOutOfRangeException(nameof(contract), contract.GetType().Name, "Unknown output contract mode."),
        };
    }

    public static JsonObject ForFacets(IEnumerable<string> facetNames, Func<string, FacetDefinition?>? findFacet = null)
    {
        findFacet ??= FacetCatalog.Find;
        var names = facetNames.ToList();
        var properties = new JsonObject();
        foreach (var name in names)
        {
            var facet = findFacet(name) ?? throw new ArgumentException($"'{name}' is not a known facet.", nameof(facetNames));
            properties[name] = facet.Schema.DeepClone();
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["additionalProperties"] = false,
        };
    }
}
