using FlexAspire.Api.Envelopes;
using FlexAspire.Contracts.Facets;

namespace FlexAspire.Api.Runs.Execution;

public sealed record FinalOutput(JsonNode? Value, IReadOnlyList<ValidationIssue> Errors);

/// Assembles the run's output from its context and checks it against the caller's contract.
public static class FinalOutputResolver
{
    public const string StructurerCapabilityId = "contract.Structurer";

    public static FinalOutput Resolve(TaskEnvelope envelope, FlexPlan plan, JsonObject facets, IReadOnlyDictionary<string, JsonNode> nodeOutputs)
    {
        var structured = plan.Nodes.LastOrDefault(n => n.CapabilityId == StructurerCapabilityId) is { } structurer
                         && nodeOutputs.TryGetValue(structurer.Id, out var s) ? s : null;
        switch (envelope.OutputContract)
        {
            case FacetsOutputContract when structured is JsonObject converged:
                // Variants converge in the structuring node, whose output is the caller's facets object.
                return new(converged.DeepClone(), []);
            case FacetsOutputContract contract:
            {
                var output = new JsonObject();
                var errors = new List<ValidationIssue>();
                foreach (var facet in contract.Facets)
                {
                    if (facets[facet] is { } value)
                    {
                        output[facet] = value.DeepClone();
                        if (FacetCatalog.Find(facet) is { } definition)
                        {
                            errors.AddRange(SchemaValidator.Validate(definition.Schema, value)
                                .Select(e => e with { InstancePath = $"/{facet}{e.InstancePath}" }));
                        }
                    }
                    else
                    {
                        errors.Add(new() { InstancePath = $"/{facet}", Keyword = "required", Message = $"No node produced the facet '{facet}'." });
                    }
                }
                return new(output, errors);
            }
            case JsonSchemaOutputContract contract:
            {
                if (structured is not null)
                {
                    return new(structured.DeepClone(), SchemaValidator.Validate(contract.Schema, structured));
                }
                // No structuring step: the planner found a facet whose values already satisfy the caller's schema.
                var schema = SchemaCompiler.Compile(contract.Schema);
                foreach (var (_, value) in facets.Reverse())
                {
                    if (value is not null && SchemaValidator.Validate(schema, value).Count == 0)
                    {
                        return new(value.DeepClone(), []);
                    }
                }
                return new(null, [new() { InstancePath = "", Keyword = "contract", Message = "No produced value satisfies the caller's JSON Schema." }]);
            }
            case FreeformOutputContract:
            {
                var text = structured ?? nodeOutputs.Values.LastOrDefault();
                return text is null
                    ? new(null, [new() { InstancePath = "", Keyword = "contract", Message = "The run produced no text." }])
                    : new(text.DeepClone(), []);
            }
            default:
                throw new NotSupportedException($"Unknown output contract {envelope.OutputContract.GetType().Name}.");
        }
    }
}
