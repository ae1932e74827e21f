namespace FlexAspire.Api.Runs.Journal;

/// A committed frame: its seq, type and the FlexEvent document that is both its `flex_run_events.payload` and the
/// `data:` of its SSE frame (serialised once, by the journal writer). Crosses replicas to the streams of its run.
[GenerateSerializer, Immutable]
public sealed record JournalFrame([property: Id(0)] long Seq, [property: Id(1)] string Type, [property: Id(2)] string Data);
