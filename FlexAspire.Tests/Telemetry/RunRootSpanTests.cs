using FlexAspire.Api.Data;

namespace FlexAspire.Tests.Telemetry;

public sealed class RunRootSpanTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _started = new();
    private readonly ActivityListener _listener;

    public RunRootSpanTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RunTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _started.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public void The_first_execution_continues_the_trace_of_the_request_that_accepted_the_run()
    {
        var run = AcceptedRun();

        using var root = RunTelemetry.StartRun(run, resumed: false);

        root.ShouldNotBeNull();
        root.TraceId.ToString().ShouldBe(run.TraceId);
        root.ParentSpanId.ToString().ShouldBe(run.TraceParentSpanId);
        root.GetTagItem("flex.run.id").ShouldBe(run.Id.ToString());
        root.GetTagItem("flex.correlation_id").ShouldBe(run.CorrelationId);
        root.Links.ShouldBeEmpty();
    }

    [Fact]
    public void A_resumed_execution_starts_a_new_trace_linked_to_the_previous_one()
    {
        var run = AcceptedRun();

        using var root = RunTelemetry.StartRun(run, resumed: true);

        root.ShouldNotBeNull();
        root.TraceId.ToString().ShouldNotBe(run.TraceId);
        root.ParentSpanId.ShouldBe(default);
        var link = root.Links.ShouldHaveSingleItem();
        link.Context.TraceId.ToString().ShouldBe(run.TraceId);
        link.Context.SpanId.ToString().ShouldBe(run.TraceParentSpanId);
        root.GetTagItem("flex.run.resumed").ShouldBe(true);
    }

    [Fact]
    public void The_run_span_records_how_the_run_ended_and_a_failures_error_code_as_error_type()
    {
        using var root = RunTelemetry.StartRun(AcceptedRun(), resumed: false);

        RunTelemetry.EndRun(root, RunStatus.Failed, "plan_rejected");

        root!.GetTagItem("flex.run.status").ShouldBe("failed");
        root.GetTagItem("error.type").ShouldBe("plan_rejected");
        root.Status.ShouldBe(ActivityStatusCode.Error);
    }

    private static RunEntity AcceptedRun()
    {
        var id = Guid.CreateVersion7();
        return new RunEntity
        {
            Id = id,
            Status = RunStatus.Pending,
            Objective = "telemetry",
            Envelope = "{}",
            CorrelationId = $"corr-{id:n}",
            TraceId = ActivityTraceId.CreateRandom().ToString(),
            TraceParentSpanId = ActivitySpanId.CreateRandom().ToString(),
        };
    }

    public void Dispose() => _listener.Dispose();
}
