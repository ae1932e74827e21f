using System.Diagnostics.Metrics;

namespace FlexAspire.Api.Runs.Journal;

/// What the journal writer and the streams cost the database, as metrics (instruments of the `FlexAspire.Api` meter,
/// created on the host's IMeterFactory) and as totals the cluster endpoint reports (`GET /api/v1/flex/cluster`), so a
/// test or an operator can compare them. A singleton.
public sealed class JournalTelemetry
{
    private readonly Counter<long> _batches;
    private readonly Counter<long> _frames;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _streamReads;
    private long _batchCount, _unitCount, _frameCount, _streamReadCount;

    public JournalTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(RunTelemetry.Name);
        _batches = meter.CreateCounter<long>("flex.journal.batches", "{batch}", "Journal commits (one transaction each, many runs' frames)");
        _frames = meter.CreateCounter<long>("flex.journal.frames", "{frame}", "Frames committed by the journal writer");
        _commitDuration = meter.CreateHistogram<double>("flex.journal.commit.duration", "s", "Time of one journal commit (read run rows, write, commit)");
        _streamReads = meter.CreateCounter<long>("flex.streams.db_reads", "{read}", "Database reads made for streams (a run's identity, its frames older than the in-memory window, a catch-up)");
    }

    public long BatchCount => Interlocked.Read(ref _batchCount);
    public long UnitCount => Interlocked.Read(ref _unitCount);
    public long FrameCount => Interlocked.Read(ref _frameCount);
    public long StreamReadCount => Interlocked.Read(ref _streamReadCount);

    public void RecordBatch(int units, int frames, TimeSpan duration)
    {
        Interlocked.Increment(ref _batchCount);
        Interlocked.Add(ref _unitCount, units);
        Interlocked.Add(ref _frameCount, frames);
        _batches.Add(1);
        _frames.Add(frames);
        _commitDuration.Record(duration.TotalSeconds);
    }

    /// `reason`: `identity`, `window` (a run's feed opens), `replay` (frames older than the window), `catch_up`.
    public void RecordStreamRead(string reason)
    {
        Interlocked.Increment(ref _streamReadCount);
        _streamReads.Add(1, new KeyValuePair<string, object?>("flex.stream.read.reason", reason));
    }
}
