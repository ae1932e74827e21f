using System.Diagnostics.Metrics;

namespace FlexAspire.Api.Runs.Execution;

/// The API's run telemetry: the static ActivitySource (the .NET convention for spans) and the run, node and stream
/// instruments, created on the host's IMeterFactory (a singleton, injected where they are recorded). ServiceDefaults
/// subscribe to `FlexAspire.*`; docs/observability.md lists every span, attribute and instrument.
public sealed class RunTelemetry
{
    public const string Name = "FlexAspire.Api";
    public static readonly ActivitySource Source = new(Name);

    public RunTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        RunsStarted = meter.CreateCounter<long>("flex.runs.started", "{run}", "Runs accepted (new runs; idempotent replays are not counted)");
        RunsFinished = meter.CreateCounter<long>("flex.runs.finished", "{run}", "Runs that reached a terminal or paused status, by status");
        ActiveRuns = meter.CreateUpDownCounter<long>("flex.runs.active", "{run}", "Runs executing in this process");
        ActiveStreams = meter.CreateUpDownCounter<long>("flex.streams.active", "{stream}", "Open run streams (text/event-stream responses)");
        FramesSent = meter.CreateCounter<long>("flex.sse.frames_sent", "{frame}", "Frames written to run streams, by type");
        NodeDuration = meter.CreateHistogram<double>("flex.node.duration", "s", "Node execution time by capability");
        ValidationRetries = meter.CreateCounter<long>("flex.node.validation_retries", "{retry}", "Capability outputs that failed their contract and were asked again, by capability");
    }

    public Counter<long> RunsStarted { get; }
    public UpDownCounter<long> ActiveRuns { get; }
    public UpDownCounter<long> ActiveStreams { get; }
    private Counter<long> RunsFinished { get; }
    private Counter<long> FramesSent { get; }
    private Histogram<double> NodeDuration { get; }
    private Counter<long> ValidationRetries { get; }

    /// `errorCode`: the failed run's error code, as OpenTelemetry's `error.type` (a bounded set of codes).
    public void RecordFinished(RunStatus status, string? errorCode = null)
    {
        var statusTag = new KeyValuePair<string, object?>(TelemetryAttributes.RunStatus, status.ToWire());
        if (errorCode is null)
        {
            RunsFinished.Add(1, statusTag);
        }
        else
        {
            RunsFinished.Add(1, statusTag, new KeyValuePair<string, object?>(TelemetryAttributes.ErrorType, errorCode));
        }
    }

    public void RecordFrameSent(string? type) =>
        FramesSent.Add(1, new KeyValuePair<string, object?>(TelemetryAttributes.SseType, type));

    public void RecordNodeDuration(string capabilityId, TimeSpan elapsed) =>
        NodeDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(TelemetryAttributes.NodeCapability, capabilityId));

    public void RecordValidationRetry(string capabilityId) =>
        ValidationRetries.Add(1, new KeyValuePair<string, object?>(TelemetryAttributes.NodeCapability, capabilityId));

    /// The run's root span. The first execution continues the trace of the request that accepted the run (its
    /// context is stored on the run, because the run executes on a background worker, not in the request); an
    /// execution that resumes or recovers the run starts a new trace linked to the previous one.
    public static Activity? StartRun(RunEntity run, bool resumed)
    {
        var stored = StoredContext(run);
        var activity = resumed || stored is null
            ? Source.StartActivity("flex.run", ActivityKind.Internal, parentContext: default,
                links: stored is { } earlier ? [new ActivityLink(earlier)] : null)
            : Source.StartActivity("flex.run", ActivityKind.Internal, stored.Value);
        if (activity is null)
        {
            return null;
        }
        activity.SetTag(TelemetryAttributes.RunId, run.Id.ToString());
        activity.SetTag(TelemetryAttributes.CorrelationId, run.CorrelationId);
        activity.SetTag("flex.run.resumed", resumed);
        return activity;
    }

    public static void EndRun(Activity? activity, RunStatus? status, string? errorCode = null)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag(TelemetryAttributes.RunStatus, status?.ToWire() ?? "interrupted");
        if (status is RunStatus.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, "run failed");
            activity.SetTag(TelemetryAttributes.ErrorType, errorCode ?? "run_failed");
        }
    }

    private static ActivityContext? StoredContext(RunEntity run)
    {
        if (run.TraceId is not { Length: 32 } traceId || run.TraceParentSpanId is not { Length: 16 } spanId)
        {
            return null;
        }
        try
        {
            return new ActivityContext(ActivityTraceId.CreateFromString(traceId), ActivitySpanId.CreateFromString(spanId),
                ActivityTraceFlags.Recorded, isRemote: true);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // not hex: the run keeps working, its span just starts a trace of its own
        }
    }
}
