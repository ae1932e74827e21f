namespace FlexAspire.Api.Runs.Journal;

/// Where the journal writer hands a unit's frames once their batch is committed: RunSubscriptions (this replica's
/// streams and the replicas subscribed to the run).
public interface ICommittedFrameSink
{
    void Publish(Guid runId, IReadOnlyList<JournalFrame> frames);
}
