using System.Diagnostics.Metrics;
using FlexAspire.Api.Runs.Journal;

namespace FlexAspire.Tests.Telemetry;

/// The API's instruments as its host wires them (`AddRuns`), without starting it: every one is created on the host's
/// IMeterFactory, under the name docs/observability.md lists. RunTraceTests proves they reach an OTLP receiver.
public sealed class ApiMeterTests
{
    private static readonly string[] ApiInstruments =
    [
        "flex.runs.started", "flex.runs.finished", "flex.runs.active", "flex.streams.active", "flex.sse.frames_sent",
        "flex.node.duration", "flex.node.validation_retries",
        "flex.journal.batches", "flex.journal.frames", "flex.journal.commit.duration", "flex.streams.db_reads",
    ];

    [Fact]
    public void The_api_instruments_are_created_on_the_hosts_meter_factory_and_record_with_dotted_attributes()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddRuns();
        using var host = builder.Build();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var published = new ConcurrentDictionary<string, Instrument>();
        var measured = new ConcurrentQueue<(string Name, IReadOnlyDictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Meter.Name == RunTelemetry.Name)
                {
                    published[instrument.Name] = instrument;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measured.Enqueue((instrument.Name, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measured.Enqueue((instrument.Name, Tags(tags))));
        listener.Start();

        var runs = host.Services.GetRequiredService<RunTelemetry>();
        var journal = host.Services.GetRequiredService<JournalTelemetry>();
        runs.RecordFinished(RunStatus.Completed);
        runs.RecordFinished(RunStatus.Failed, "plan_rejected");
        runs.RecordNodeDuration("marketing.copywriter", TimeSpan.FromMilliseconds(20));
        journal.RecordStreamRead("window");

        published.Keys.ShouldBe(ApiInstruments, ignoreOrder: true);
        host.Services.GetRequiredService<RunTelemetry>().ShouldBeSameAs(runs);
        measured.ShouldContain(m => m.Name == "flex.runs.finished" && (string?)m.Tags["flex.run.status"] == "completed" && !m.Tags.ContainsKey("error.type"));
        measured.ShouldContain(m => m.Name == "flex.runs.finished" && (string?)m.Tags["flex.run.status"] == "failed" && (string?)m.Tags["error.type"] == "plan_rejected");
        measured.ShouldContain(m => m.Name == "flex.node.duration" && (string?)m.Tags["flex.node.capability"] == "marketing.copywriter");
        measured.ShouldContain(m => m.Name == "flex.streams.db_reads" && (string?)m.Tags["flex.stream.read.reason"] == "window");
        journal.StreamReadCount.ShouldBe(1);
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }
        return copy;
    }
}
