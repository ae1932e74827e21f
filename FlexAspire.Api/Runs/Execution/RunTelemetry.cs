using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FlexAspire.Api.Runs.Execution;

/// The API's run telemetry: one ActivitySource and Meter, subscribed by ServiceDefaults through `FlexAspire.*`.
public static class RunTelemetry
{
    public const string Name = "FlexAspire.Api";
    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    public static readonly Counter<long> RunsFinished = Meter.CreateCounter<long>("flex.runs.finished", description: "Runs that reached a terminal or paused status, by status");
    public static readonly Histogram<double> NodeDuration = Meter.CreateHistogram<double>("flex.node.duration", "s", "Node execution time by capability");
}
