using System.Diagnostics.Metrics;
using FlexAspire.Api.Runs.Execution;

namespace FlexAspire.Api.Runs.Journal;

/// What the journal writer and the streams cost the database, as metrics (the `FlexAspire.Api` meter) and as totals the
/// cluster endpoint reports (`GET /api/v1/flex/cluster`), so a test or an operator can compare them.
public static class JournalTelemetry
{
    private static readonly Meter Meter = new(RunTelemetry.Name);
    private static readonly Counter<long> Batches = Meter.CreateCounter<long>("flex.journal.batches", "{batch}", "Journal commits (one transaction each, many runs' frames)");
    private static readonly Counter<long> Frames = Meter.CreateCounter<long>("flex.journal.frames", "{frame}", "Frames committed by the journal writer");
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("flex.journal.commit.duration", "s", "Time of one journal commit (read run rows, write, commit)");
    private static readonly Counter<long> StreamReads = Meter.CreateCounter<long>("flex.streams.db_reads", "{query}", "Database reads made for streams (a run's identity, its frames older than the in-memory window, a catch-up)");
    private static long _batches, _units, _frames, _streamReads;

    public static long BatchCount => Interlocked.Read(ref _batches);
    public static long UnitCount => Interlocked.Read(ref _units);
    public static long FrameCount => Interlocked.Read(ref _frames);
    public static long StreamReadCount => Interlocked.Read(ref _streamReads);

    public static void RecordBatch(int units, int frames, TimeSpan duration)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _units, units);
        Interlocked.Add(ref _frames, frames);
        Batches.Add(1);
        Frames.Add(frames);
        CommitDuration.Record(duration.TotalSeconds);
    }

    public static void RecordStreamRead(string what)
    {
        Interlocked.Increment(ref _streamReads);
        StreamReads.Add(1, new KeyValuePair<string, object?>("flex.read", what));
    }
}
