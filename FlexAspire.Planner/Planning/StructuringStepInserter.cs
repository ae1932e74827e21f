namespace FlexAspire.Planner.Planning;

/// Appends the final `contract.Structurer:final` node when the target needs one: it reads the goal facets from every
/// node that produced them (all variants) and its output contract is what the caller asked for — the caller's schema,
/// `{text}` for freeform, or the caller's facets when variants converge.
public static class StructuringStepInserter
{
    public const string NodeId = CapabilityGraph.StructurerId + ":final";

    public static void Insert(List<PlanNode> nodes, List<PlanEdge> edges, PlanningInput input, ContractTarget target,
        IReadOnlyDictionary<string, string> completedProducers)
    {
        if (target.Structuring == StructuringMode.None)
        {
            return;
        }
        var sources = new JsonObject();
        foreach (var facet in target.GoalFacets)
        {
            var producers = nodes.Where(n => n.OutputFacets.Contains(facet)).Select(n => n.Id).ToList();
            if (producers.Count == 0 && completedProducers.TryGetValue(facet, out var completed))
            {
                producers.Add(completed);
            }
            sources[facet] = new JsonArray(producers.Select(p => (JsonNode)p).ToArray());
            edges.AddRange(producers.Select(p => new PlanEdge { From = p, To = NodeId, Reason = facet }));
        }
        var contract = input.Envelope.OutputContract;
        var metadata = new JsonObject
        {
            ["purpose"] = "final",
            ["structuring"] = target.Structuring switch
            {
                StructuringMode.FreeformText => "freeform_text",
                StructuringMode.VariantConvergence => "variant_convergence",
                _ => "caller_schema",
            },
            ["variantCount"] = input.VariantCount,
            ["inputNodes"] = sources,
        };
        if (contract is FreeformOutputContract freeform)
        {
            metadata["instructions"] = freeform.Instructions;
            if (freeform.ExpectedFormat is { } expectedFormat)
            {
                metadata["expectedFormat"] = expectedFormat;
            }
        }
        nodes.Add(new PlanNode
        {
            Id = NodeId,
            Kind = CapabilityKind.Structuring,
            CapabilityId = CapabilityGraph.StructurerId,
            Label = target.Structuring switch
            {
                StructuringMode.FreeformText => "Format the output as text",
                StructuringMode.VariantConvergence => "Converge the variants into the requested facets",
                _ => "Structure the output to the caller's schema",
            },
            Status = NodeStatus.Pending,
            InputFacets = target.GoalFacets,
            OutputFacets = [],
            Contracts = new NodeContracts
            {
                Input = new FacetsOutputContract { Facets = target.GoalFacets },
                Output = target.Structuring == StructuringMode.FreeformText
                    ? new JsonSchemaOutputContract { Schema = ContractSchema.FreeformText() }
                    : contract,
            },
            Executor = new NodeExecutor { Type = AgentType.Ai },
            Rationale = [Rationale(target, input)],
            Metadata = metadata,
        });
    }

    private static string Rationale(ContractTarget target, PlanningInput input)
    {
        var facets = string.Join(", ", target.GoalFacets.Select(f => $"`{f}`"));
        var variants = input.VariantCount > 1 ? $" from {input.VariantCount} variants" : "";
        return target.Structuring switch
        {
            StructuringMode.FreeformText => $"freeform contract: formats {facets}{variants} as text",
            StructuringMode.VariantConvergence => $"merges {facets}{variants} into the requested facets",
            _ when target.MatchedFacet is not null => $"`{target.MatchedFacet}` already has the caller's schema; picks one of {input.VariantCount} variants",
            _ => $"no produced facet has the caller's schema: maps {facets}{variants} onto it",
        };
    }
}
