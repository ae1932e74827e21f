namespace FlexAspire.Api.Runs.Journal;

/// Turns a run's pending frames into journal rows: the one place a frame gets its seq and its FlexEvent document
/// (used by the journal writer's batches and by the run intake's first frames).
public static class JournalFrames
{
    /// Numbers the frames (from `firstSeq`, or after the row's `last_seq`), serialises each once and adds its row.
    public static IReadOnlyList<JournalFrame> Append(FlexDbContext db, RunEntity run, IReadOnlyList<PendingFrame> frames, long? firstSeq, DateTimeOffset now)
    {
        run.UpdatedAt = now;
        if (frames.Count == 0)
        {
            return [];
        }
        var seq = firstSeq ?? run.LastSeq + 1;
        var written = new JournalFrame[frames.Count];
        for (var i = 0; i < frames.Count; i++, seq++)
        {
            var frame = frames[i];
            var data = JsonSerializer.Serialize(new FlexEvent
            {
                Type = frame.Type,
                RunId = run.Id.ToString(),
                Seq = seq,
                Timestamp = now,
                CorrelationId = run.CorrelationId ?? run.Id.ToString(),
                TraceId = run.TraceId ?? Activity.Current?.TraceId.ToString() ?? "",
                NodeId = frame.NodeId,
                PlanVersion = frame.PlanVersion ?? (run.PlanVersion > 0 ? run.PlanVersion : null),
                Message = frame.Message,
                Payload = frame.Payload,
            }, FlexJsonContext.Default.FlexEvent);
            db.RunEvents.Add(new RunEventEntity { RunId = run.Id, Seq = seq, Type = frame.Type, Payload = data, CreatedAt = now });
            written[i] = new JournalFrame(seq, frame.Type, data);
        }
        run.LastSeq = seq - 1;
        return written;
    }
}
