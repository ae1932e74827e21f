using FlexAspire.Contracts.Envelopes;
using FlexAspire.Schemas;

namespace FlexAspire.Registry.Capabilities;

/// A contract as JSON Schema plus the facets it reads or produces.
public sealed record CompiledContract(JsonObject Schema, IReadOnlyList<string> Facets);

/// Compiles a capability's input or output contract to JSON Schema and reports what is wrong with it.
internal static class ContractCompiler
{
    private const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    /// `direction` null: facets of any direction are allowed (see RegistrationValidator).
    public static CompiledContract? Compile(OutputContract contract, string field, FacetDirection? direction,
        ValidationErrors errors) => contract switch
    {
        FacetsOutputContract facets => CompileFacets(facets, field, direction, errors),
        JsonSchemaOutputContract json => CompileJsonSchema(json, field, direction, errors),
        FreeformOutputContract freeform => CompileFreeform(freeform, field, errors),
        _ => null,
    };

    private static CompiledContract? CompileFacets(FacetsOutputContract contract, string field, FacetDirection? direction,
        ValidationErrors errors)
    {
        if (contract.Facets.Count == 0)
        {
            errors.Add($"{field}.facets", "a facets contract needs at least one facet");
        }
        var valid = new List<string>();
        for (var i = 0; i < contract.Facets.Count; i++)
        {
            var name = contract.Facets[i];
            var facet = FacetCatalog.Find(name);
            if (facet is null)
            {
                errors.Add($"{field}.facets[{i}]", $"unknown facet '{name}' (GET /api/v1/flex/facets lists the catalog)");
            }
            else if (!Allows(facet.Direction, direction))
            {
                errors.Add($"{field}.facets[{i}]", $"facet '{name}' is {Describe(facet.Direction)} and cannot be used " +
                    $"in an {direction.ToString()!.ToLowerInvariant()} contract of an AI capability");
            }
            else if (valid.Contains(name, StringComparer.Ordinal))
            {
                errors.Add($"{field}.facets[{i}]", $"facet '{name}' is listed twice");
            }
            else
            {
                valid.Add(name);
            }
        }
        // Built from the known facets only: with any error above the registration is refused anyway.
        var schema = ContractSchema.ForFacets(valid);
        schema["$schema"] = Draft202012;
        return new CompiledContract(schema, valid);
    }

    private static CompiledContract CompileJsonSchema(JsonSchemaOutputContract contract, string field,
        FacetDirection? direction, ValidationErrors errors)
    {
        if (!SchemaCompiler.TryCompile(contract.Schema, out _, out var problem))
        {
            errors.Add($"{field}.schema", problem.Describe());
        }
        // A caller schema whose top-level properties are named after facets reads/produces those facets.
        var facets = contract.Schema["properties"] is JsonObject properties
            ? properties.Select(p => FacetCatalog.Find(p.Key)).Where(f => f is not null && Allows(f.Direction, direction))
                .Select(f => f!.Name).ToList()
            : [];
        return new CompiledContract((JsonObject)contract.Schema.DeepClone(), facets);
    }

    private static CompiledContract CompileFreeform(FreeformOutputContract contract, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(contract.Instructions))
        {
            errors.Add($"{field}.instructions", "a freeform contract needs instructions");
        }
        var schema = ContractSchema.FreeformText();
        schema["$schema"] = Draft202012;
        return new CompiledContract(schema, []);
    }

    private static bool Allows(FacetDirection facet, FacetDirection? use) =>
        use is null || facet == FacetDirection.Bidirectional || facet == use;

    private static string Describe(FacetDirection direction) => direction switch
    {
        FacetDirection.Input => "an input-only facet",
        FacetDirection.Output => "an output-only facet",
        _ => "a bidirectional facet",
    };
}
