using System.Diagnostics;
using FlexAspire.Planner.Capabilities;

namespace FlexAspire.Planner.Planning;

/// The outcome of one planning request: a plan (200) or only diagnostics (422).
public sealed record PlanningOutcome(FlexPlan? Plan, IReadOnlyList<PlanDiagnostic> Diagnostics, int Attempts);

/// One planning request end to end: take the current registry generation's capability index, resolve the contract's goal, try LLM drafts when a
/// model is configured, fall back to the deterministic planner, and validate every draft with PlanValidator.
public sealed class PlanningService(ICapabilitySource capabilities, PlannerTelemetry telemetry, LlmPlanner? llm = null)
{
    public const string Deterministic = "deterministic";
    public const string Llm = "llm";

    public async Task<PlanningOutcome> PlanAsync(PlanRequest request, GraphState? state, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var input = PlanningInput.Create(request, state, await capabilities.GetIndexAsync(
            request.Envelope.Policies?.Planner?.Selection?.Require ?? [], cancellationToken));
        var graph = CapabilityGraph.Build(input);
        var target = ContractTargeting.Resolve(graph);
        var notes = target.Diagnostics.ToList();

        var rejected = new List<PlanDiagnostic>();
        var attempts = 0;
        if (llm is not null && !notes.HasErrors())
        {
            var result = await llm.PlanAsync(graph, target, cancellationToken);
            attempts = result.Attempts;
            rejected.AddRange(result.Rejected);
            if (result.Plan is not null)
            {
                telemetry.RecordDuration(Stopwatch.GetElapsedTime(started), input, "planned", Llm);
                return new PlanningOutcome(result.Plan, [.. notes, .. rejected], attempts);
            }
        }

        attempts++;
        using var activity = PlannerTelemetry.StartAttempt(input, attempts, Deterministic, graph.Usable.Count);
        var (plan, diagnostics) = notes.HasErrors() ? (null, []) : PlanDeterministically(graph, target);
        var all = notes.Concat(rejected).Concat(diagnostics).ToList();
        PlannerTelemetry.EndAttempt(activity, plan, [.. notes, .. diagnostics]);
        var ok = plan is not null && !diagnostics.HasErrors();
        telemetry.RecordDuration(Stopwatch.GetElapsedTime(started), input, ok ? "planned" : "rejected", Deterministic);
        return new PlanningOutcome(ok ? plan : null, all, attempts);
    }

    /// The deterministic path on its own (also what the benchmark measures).
    public static (FlexPlan Plan, IReadOnlyList<PlanDiagnostic> Diagnostics) PlanDeterministically(
        CapabilityGraph graph, ContractTarget target) =>
        AssembleAndValidate(DeterministicPlanner.Draft(graph, target), graph.Input, target, Deterministic);

    public static (FlexPlan Plan, IReadOnlyList<PlanDiagnostic> Diagnostics) AssembleAndValidate(
        PlanDraft draft, PlanningInput input, ContractTarget target, string planner)
    {
        var plan = PlanAssembler.Assemble(draft, input, target, planner);
        return (plan, PlanValidator.Validate(plan, input, target));
    }
}
