using FlexAspire.Planner.Capabilities;

namespace FlexAspire.Planner.Planning;

/// Everything one planning request decides with, resolved once: active capabilities, known facets, what is already
/// available (envelope inputs, completed nodes' outputs) and the planner policy.
public sealed record PlanningInput
{
    public const string UnassignedRunId = "unassigned";

    public required TaskEnvelope Envelope { get; init; }
    public required PlanPhase Phase { get; init; }
    public required string RunId { get; init; }
    public required int Version { get; init; }

    /// The registry generation's capabilities, facets and graph indexes, shared by every plan of that generation.
    public required CapabilityIndex Index { get; init; }

    public IReadOnlyDictionary<string, CapabilityRecord> Capabilities => Index.Capabilities;
    public IReadOnlyDictionary<string, FacetDefinition> Facets => Index.Facets;

    /// Facets the envelope provides.
    public required IReadOnlySet<string> InputFacets { get; init; }

    /// Facets completed nodes produced and that still hold (not named by a failed goal condition).
    public required IReadOnlyDictionary<string, string> CompletedFacetProducers { get; init; }

    public required IReadOnlyList<CompletedNodeState> Completed { get; init; }
    public string? FailureReason { get; init; }

    public SelectionPolicy Selection => Envelope.Policies?.Planner?.Selection ?? new();
    public int VariantCount => Math.Clamp(Envelope.Policies?.Planner?.Topology?.VariantCount ?? 1, 1, 6);
    public int? MaxDepth => Envelope.Policies?.Planner?.Topology?.MaxDepth;

    public bool IsAvailableUpFront(string facet) => InputFacets.Contains(facet) || CompletedFacetProducers.ContainsKey(facet);

    /// For tests and benchmarks: indexes the capabilities for this one request.
    public static PlanningInput Create(PlanRequest request, GraphState? state, IEnumerable<CapabilityRecord> capabilities,
        IEnumerable<FacetDefinition>? facets = null) =>
        Create(request, state, CapabilityIndex.Build(capabilities, facets: facets));

    public static PlanningInput Create(PlanRequest request, GraphState? state, CapabilityIndex index)
    {
        var completed = request.Phase == PlanPhase.Replan ? state?.CompletedNodes ?? [] : [];
        var failedFacets = state?.FailedGoalConditions?.Select(g => g.Facet).ToHashSet() ?? [];
        var completedFacets = new Dictionary<string, string>();
        foreach (var node in completed)
        {
            foreach (var facet in (node.Outputs ?? []).Select(p => p.Key).Where(f => !failedFacets.Contains(f)))
            {
                completedFacets.TryAdd(facet, node.Id);
            }
        }
        return new PlanningInput
        {
            Envelope = request.Envelope,
            Phase = request.Phase,
            RunId = request.RunId ?? state?.RunId ?? UnassignedRunId,
            Version = request.Phase == PlanPhase.Replan ? (state?.PlanVersion ?? 1) + 1 : 1,
            Index = index,
            InputFacets = (request.Envelope.Inputs ?? new JsonObject()).Select(p => p.Key).ToHashSet(StringComparer.Ordinal),
            CompletedFacetProducers = completedFacets,
            Completed = completed,
            FailureReason = state?.FailureReason,
        };
    }
}
