namespace FlexAspire.Planner.Planning;

/// Turns the output contract into goal facets: facets contracts name them; for json_schema a produced
/// facet with an equivalent schema is the output as is, otherwise (and for freeform) the best-matching content facets
/// feed a structuring step. Among candidates, paths without human capabilities win unless a policy pins a human.
public static class ContractTargeting
{
    // Freeform output is prose: lean towards facets that carry text rather than, say, a visual description.
    private static readonly string[] ProseWords = ["copy", "body", "message", "statement"];

    public static ContractTarget Resolve(CapabilityGraph graph)
    {
        var input = graph.Input;
        var converge = input.VariantCount > 1;
        return input.Envelope.OutputContract switch
        {
            FacetsOutputContract facets => Checked(graph, new ContractTarget
            {
                GoalFacets = facets.Facets.Distinct().ToList(),
                Structuring = converge ? StructuringMode.VariantConvergence : StructuringMode.None,
                Diagnostics = facets.Facets.Where(f => !input.Facets.ContainsKey(f))
                    .Select(f => Diagnostics.Error("unknown_facet", $"the contract names unknown facet `{f}`", facet: f)).ToList(),
            }),
            JsonSchemaOutputContract schema when MatchingFacet(graph, schema) is { } matched => Checked(graph, new ContractTarget
            {
                GoalFacets = [matched],
                MatchedFacet = matched,
                Structuring = converge ? StructuringMode.CallerSchema : StructuringMode.None,
                Diagnostics = [Diagnostics.Info("schema_matches_facet",
                    $"the caller's schema is the schema of facet `{matched}`; no structuring step is needed", facet: matched)],
            }),
            JsonSchemaOutputContract schema => Chosen(graph, StructuringMode.CallerSchema, Query(input, schema)),
            FreeformOutputContract freeform => Chosen(graph, StructuringMode.FreeformText, Query(input, freeform)),
            _ => throw new NotSupportedException($"Unknown output contract {input.Envelope.OutputContract.GetType().Name}."),
        };
    }

    // Facet schemas are canonicalised once per registry generation (CapabilityIndex), the caller's once per request.
    private static string? MatchingFacet(CapabilityGraph graph, JsonSchemaOutputContract contract)
    {
        var canonical = CanonicalSchema.Text(contract.Schema);
        return Candidates(graph).Where(f => graph.Input.Index.SchemaMatches(f.Name, canonical))
            .OrderBy(f => graph.CostOf(f.Name)).ThenBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => f.Name).FirstOrDefault();
    }

    // Produced (not merely provided) facets the catalog knows.
    private static IEnumerable<FacetDefinition> Candidates(CapabilityGraph graph) => graph.ReachableFacets
        .Where(f => !graph.Input.IsAvailableUpFront(f))
        .Select(f => graph.Input.Facets.GetValueOrDefault(f)).OfType<FacetDefinition>();

    private static ContractTarget Chosen(CapabilityGraph graph, StructuringMode mode, HashSet<string> query)
    {
        var ranked = Candidates(graph)
            .Select(f => (Facet: f, Score: FacetRelevance.Score(query, graph.Input.Index.TokensOf(f)), Cost: graph.CostOf(f.Name)))
            .OrderBy(c => c.Cost.Humans > 0).ThenByDescending(c => c.Score)
            .ThenBy(c => c.Score > 0 || c.Facet.Direction == FacetDirection.Output ? 0 : 1)
            .ThenBy(c => c.Cost).ThenBy(c => c.Facet.Name, StringComparer.Ordinal)
            .ToList();
        if (ranked.Count == 0)
        {
            return new ContractTarget
            {
                GoalFacets = [], Structuring = mode,
                Diagnostics = [Diagnostics.Error("no_content_facet",
                    "no active capability can produce any facet from the envelope's inputs " +
                    $"({string.Join(", ", graph.Input.InputFacets.Select(f => $"`{f}`"))})")],
            };
        }
        var best = ranked[0];
        var goals = new List<string> { best.Facet.Name };
        // The producer's own upstream content (e.g. creative_brief for post_copy) gives the structurer context at no
        // extra cost: those nodes are on the path already.
        goals.AddRange(graph.ProducerOf(best.Facet.Name)!.InputFacets.Where(f => !graph.Input.IsAvailableUpFront(f)));
        // Pinned capabilities contribute what they produce, so pinning one puts it on the path.
        goals.AddRange((graph.Input.Selection.Require ?? []).Select(graph.Input.Capabilities.GetValueOrDefault)
            .OfType<Contracts.Capabilities.CapabilityRecord>().SelectMany(c => c.OutputFacets).Where(graph.IsReachable));
        var diagnostics = new List<PlanDiagnostic>
        {
            best.Score > 0
                ? Diagnostics.Info("structuring_source", $"facet `{best.Facet.Name}` matches the contract best " +
                    $"({best.Score} shared term(s)); it feeds the structuring step", facet: best.Facet.Name)
                : Diagnostics.Warning("structuring_source_guessed", "no facet shares a term with the contract; " +
                    $"structuring from `{best.Facet.Name}`, the cheapest output facet", facet: best.Facet.Name),
        };
        return new ContractTarget
        {
            GoalFacets = goals.Distinct().ToList(), Structuring = mode, Diagnostics = diagnostics,
        };
    }

    private static HashSet<string> Query(PlanningInput input, JsonSchemaOutputContract contract)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        FacetRelevance.AddPropertyNames(tokens, contract.Schema);
        FacetRelevance.AddWords(tokens, contract.Schema["title"]?.ToString());
        FacetRelevance.AddWords(tokens, input.Envelope.Objective);
        return tokens;
    }

    private static HashSet<string> Query(PlanningInput input, FreeformOutputContract contract)
    {
        var tokens = new HashSet<string>(ProseWords, StringComparer.Ordinal);
        FacetRelevance.AddWords(tokens, input.Envelope.Objective);
        FacetRelevance.AddWords(tokens, contract.Instructions);
        FacetRelevance.AddWords(tokens, contract.ExpectedFormat);
        return tokens;
    }

    // Goal facets that nothing can produce make the request unplannable; say exactly which and why.
    private static ContractTarget Checked(CapabilityGraph graph, ContractTarget target) => target with
    {
        Diagnostics = target.Diagnostics.Concat(target.GoalFacets
            .Where(f => graph.Input.Facets.ContainsKey(f) && !graph.IsReachable(f))
            .Select(graph.ExplainUnreachable)).ToList(),
    };
}
