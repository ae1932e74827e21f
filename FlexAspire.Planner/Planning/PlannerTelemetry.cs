using System.Diagnostics;
using System.Diagnostics.Metrics;
using FlexAspire.Contracts.Plans;

namespace FlexAspire.Planner.Planning;

/// The planner's span per planning attempt and its planning-duration histogram (ServiceDefaults export
/// `FlexAspire.*` sources and meters).
public sealed class PlannerTelemetry : IDisposable
{
    public const string SourceName = "FlexAspire.Planner";
    public static readonly ActivitySource Source = new(SourceName);

    private readonly Meter _meter;
    private readonly Histogram<double> _duration;

    public PlannerTelemetry(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(SourceName) ?? new Meter(SourceName);
        _duration = _meter.CreateHistogram<double>("flex.planner.duration", "s", "Time to answer one planning request");
    }

    public static Activity? StartAttempt(PlanningInput input, int attempt, string planner, int capabilitiesConsidered)
    {
        var activity = Source.StartActivity("plan");
        activity?.SetTag("flex.plan.phase", input.Phase == PlanPhase.Replan ? "replan" : "initial");
        activity?.SetTag("flex.plan.attempt", attempt);
        activity?.SetTag("flex.plan.planner", planner);
        activity?.SetTag("flex.plan.capabilities_considered", capabilitiesConsidered);
        activity?.SetTag("flex.run.id", input.RunId);
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
            new KeyValuePair<string, object?>("flex.plan.phase", input.Phase == PlanPhase.Replan ? "replan" : "initial"),
            new KeyValuePair<string, object?>("flex.plan.outcome", outcome),
            new KeyValuePair<string, object?>("flex.plan.planner", planner));

    public void Dispose() => _meter.Dispose();
}
