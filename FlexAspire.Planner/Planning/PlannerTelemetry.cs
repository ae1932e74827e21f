using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FlexAspire.Planner.Planning;

/// The planner's span per planning attempt (the static ActivitySource, the .NET convention) and its planning-duration
/// histogram, created on the host's IMeterFactory (a singleton). ServiceDefaults export `FlexAspire.*` sources and
/// meters.
public sealed class PlannerTelemetry
{
    public const string Name = "FlexAspire.Planner";
    public static readonly ActivitySource Source = new(Name);

    private readonly Histogram<double> _duration;

    public PlannerTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _duration = meter.CreateHistogram<double>("flex.planner.duration", "s", "Time to answer one planning request");
    }

    public static Activity? StartAttempt(PlanningInput input, int attempt, string planner, int capabilitiesConsidered)
    {
        var activity = Source.StartActivity("plan");
        activity?.SetTag(TelemetryAttributes.PlanPhase, PhaseOf(input));
        activity?.SetTag("flex.plan.attempt", attempt);
        activity?.SetTag(TelemetryAttributes.PlanPlanner, planner);
        activity?.SetTag("flex.plan.capabilities_considered", capabilitiesConsidered);
        activity?.SetTag(TelemetryAttributes.RunId, input.RunId);
        activity?.SetTag("flex.registry.generation", input.Index.Generation);
        return activity;
    }

    public static void EndAttempt(Activity? activity, FlexPlan? plan, IReadOnlyList<PlanDiagnostic> diagnostics)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag("flex.plan.node_count", plan?.Nodes.Count ?? 0);
        activity.SetTag("flex.plan.diagnostics", diagnostics.Count);
        activity.SetTag("flex.plan.diagnostic_codes", string.Join(",", diagnostics.Select(d => d.Code).Distinct()));
        var rejected = diagnostics.HasErrors() || plan is null;
        activity.SetStatus(rejected ? ActivityStatusCode.Error : ActivityStatusCode.Ok, rejected ? "draft rejected" : null);
        activity.Dispose();
    }

    public void RecordDuration(TimeSpan elapsed, PlanningInput input, string outcome, string planner) =>
        _duration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(TelemetryAttributes.PlanPhase, PhaseOf(input)),
            new KeyValuePair<string, object?>("flex.plan.outcome", outcome),
            new KeyValuePair<string, object?>(TelemetryAttributes.PlanPlanner, planner));

    private static string PhaseOf(PlanningInput input) => input.Phase == PlanPhase.Replan ? "replan" : "initial";
}
