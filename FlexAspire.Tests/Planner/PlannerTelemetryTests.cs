using System.Diagnostics.Metrics;
using FlexAspire.Planner.Capabilities;
using FlexAspire.Planner.Planning;
using static FlexAspire.Tests.Planner.PlannerFixtures;

namespace FlexAspire.Tests.Planner;

public sealed class PlannerTelemetryTests
{
    [Fact]
    public async Task Each_planning_attempt_is_a_plan_span_and_the_duration_is_recorded_on_the_hosts_meter_factory()
    {
        var runId = $"telemetry-{Guid.NewGuid():n}";
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PlannerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(listener);
        var factory = MeterFactory();
        var durations = new ConcurrentQueue<double>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Meter.Name == PlannerTelemetry.Name && instrument.Name == "flex.planner.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, value, _, _) => durations.Enqueue(value));
        meters.Start();

        var service = new PlanningService(new InMemoryCapabilitySource(MarketingCatalog.All), new PlannerTelemetry(factory));
        var outcome = await service.PlanAsync(Request(Envelope(SocialInputs, Facets("post"))) with { RunId = runId }, null, CancellationToken.None);

        outcome.ShouldPlan();
        var span = spans.Where(s => (string?)s.GetTagItem("flex.run.id") == runId).ShouldHaveSingleItem();
        span.OperationName.ShouldBe("plan");
        span.GetTagItem("flex.plan.phase").ShouldBe("initial");
        span.GetTagItem("flex.plan.attempt").ShouldBe(1);
        span.GetTagItem("flex.plan.planner").ShouldBe("deterministic");
        span.GetTagItem("flex.plan.capabilities_considered").ShouldBe(8); // all but the structurer
        span.GetTagItem("flex.plan.node_count").ShouldBe(4);
        span.Status.ShouldBe(ActivityStatusCode.Ok);
        durations.ShouldNotBeEmpty();
    }
}
