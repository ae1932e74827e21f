using System.Diagnostics;
using System.Diagnostics.Metrics;
using FlexAspire.Api.Data;
using FlexAspire.Contracts.Runs;
using FlexAspire.Contracts.Serialization;

namespace FlexAspire.Api.Runs.Execution;

/// The API's run telemetry: one ActivitySource and Meter, subscribed by ServiceDefaults through `FlexAspire.*`.
/// docs/observability.md lists every span, attribute and instrument.
public static class RunTelemetry
{
    public const string Name = "FlexAspire.Api";
    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>("flex.runs.started", "{run}", "Runs accepted (new runs; idempotent replays are not counted)");
    public static readonly Counter<long> RunsFinished = Meter.CreateCounter<long>("flex.runs.finished", "{run}", "Runs that reached a terminal or paused status, by status");
    public static readonly UpDownCounter<long> ActiveRuns = Meter.CreateUpDownCounter<long>("flex.runs.active", "{run}", "Runs executing in this process");
    public static readonly UpDownCounter<long> ActiveStreams = Meter.CreateUpDownCounter<long>("flex.streams.active", "{stream}", "Open run streams (text/event-stream responses)");
    public static readonly Counter<long> FramesSent = Meter.CreateCounter<long>("flex.sse.frames_sent", "{frame}", "Frames written to run streams, by type");
    public static readonly Histogram<double> NodeDuration = Meter.CreateHistogram<double>("flex.node.duration", "s", "Node execution time by capability");
    public static readonly Counter<long> ValidationRetries = Meter.CreateCounter<long>("flex.node.validation_retries", "{retry}", "Capability outputs that failed their contract and were asked again, by capability");

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
        activity.SetTag("flex.run.id", run.Id.ToString());
        activity.SetTag("flex.correlation_id", run.CorrelationId);
        activity.SetTag("flex.run.resumed", resumed);
        return activity;
    }

    public static void EndRun(Activity? activity, RunStatus? status)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag("flex.run.status", status?.ToWire() ?? "interrupted");
        if (status is RunStatus.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, "run failed");
        }
    }

    public static void RecordFinished(RunStatus status) =>
        RunsFinished.Add(1, new KeyValuePair<string, object?>("flex.run.status", status.ToWire()));

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
