using System.Diagnostics.Metrics;
using FlexAspire.Planner.Capabilities;
using FlexAspire.Planner.Planning;

namespace FlexAspire.Tests.Planner;

/// Envelopes and a planning service over an in-memory catalog, for fast planning-core tests (no AppHost).
public static class PlannerFixtures
{
    /// The planner's telemetry on a meter factory of its own, as the planner's host creates it.
    public static PlannerTelemetry Telemetry { get; } = new(MeterFactory());

    public static IMeterFactory MeterFactory() =>
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static readonly JsonObject SocialInputs = new()
    {
        ["company_information"] = new JsonObject { ["name"] = "Acme" },
        ["post_context"] = new JsonObject { ["platform"] = "linkedin", ["topic"] = "launch" },
    };

    public static readonly JsonObject PositioningInputs = new()
    {
        ["company_information"] = new JsonObject { ["name"] = "Acme" },
        ["positioning_context"] = new JsonObject { ["offering"] = "x", ["targetMarket"] = "y", ["competitors"] = new JsonArray() },
    };

    public static TaskEnvelope Envelope(JsonObject inputs, OutputContract contract, string objective = "Write a LinkedIn post about our launch",
        SelectionPolicy? selection = null, TopologyPolicy? topology = null) => new()
    {
        Objective = objective,
        Inputs = inputs.DeepClone().AsObject(),
        OutputContract = contract,
        Policies = selection is null && topology is null ? null
            : new EnvelopePolicies { Planner = new PlannerPolicy { Selection = selection, Topology = topology } },
    };

    public static FacetsOutputContract Facets(params string[] facets) => new() { Facets = facets };

    public static PlanRequest Request(TaskEnvelope envelope, PlanPhase phase = PlanPhase.Initial) =>
        new() { Envelope = envelope, Phase = phase, RunId = "run-1" };

    public static Task<PlanningOutcome> PlanAsync(TaskEnvelope envelope, IEnumerable<CapabilityRecord>? catalog = null,
        GraphState? state = null, LlmPlanner? llm = null) =>
        new PlanningService(new InMemoryCapabilitySource(catalog ?? MarketingCatalog.All), Telemetry, llm)
            .PlanAsync(Request(envelope, state is null ? PlanPhase.Initial : PlanPhase.Replan), state, CancellationToken.None);

    public static FlexPlan ShouldPlan(this PlanningOutcome outcome)
    {
        outcome.Plan.ShouldNotBeNull(string.Join("; ", outcome.Diagnostics.Select(d => $"{d.Code}: {d.Message}")));
        return outcome.Plan;
    }

    public static IEnumerable<string> Ids(this FlexPlan plan) => plan.Nodes.Select(n => n.Id);

    public static bool HasEdge(this FlexPlan plan, string from, string to) => plan.Edges.Any(e => e.From == from && e.To == to);

    /// Node ids that must finish before `id` can start, transitively.
    public static ISet<string> Ancestors(this FlexPlan plan, string id)
    {
        var result = new HashSet<string>();
        var pending = new Stack<string>([id]);
        while (pending.TryPop(out var current))
        {
            foreach (var edge in plan.Edges.Where(e => e.To == current && result.Add(e.From)))
            {
                pending.Push(edge.From);
            }
        }
        return result;
    }
}
