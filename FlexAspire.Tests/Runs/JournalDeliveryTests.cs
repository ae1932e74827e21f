using FlexAspire.Api.Runs.Journal;
using FlexAspire.Contracts.Events;

namespace FlexAspire.Tests.Runs;

/// The group-commit journal writer against the stack's PostgreSQL, with a delivery (the hand-over of committed frames
/// to the streams) that throws: delivery happens after the commit and outside the writer's database-error handling.
[Collection(StackCollection.Name)]
public sealed class JournalDeliveryTests(FlexStackFixture stack)
{
    [Fact]
    public async Task A_delivery_that_throws_after_the_commit_leaves_the_write_committed_once_and_the_run_s_next_write_numbered_after_it()
    {
        var delivery = new FirstDeliveryThrows();
        await using var own = await OwnJournalWriter.OnFinishedSampleRunAsync(stack, delivery);
        var (runId, lastSeq, writer) = (own.RunId, own.LastSeq, own.Writer);
        var chain = new JournalChain();

        var first = Unit(runId, chain, lastSeq + 1, "first write after the run");
        await writer.EnqueueAsync(first);
        var written = await first.Committed; // committed: its delivery threw, which is no commit failure
        written.Select(f => f.Seq).ShouldBe([lastSeq + 1]);
        chain.Broken.ShouldBeNull();
        chain.CommittedSeq.ShouldBe(lastSeq + 1);

        var second = Unit(runId, chain, lastSeq + 2, "second write");
        await writer.EnqueueAsync(second);
        (await second.Committed).Select(f => f.Seq).ShouldBe([lastSeq + 2]);

        delivery.Attempts.ShouldBe(2);
        delivery.Delivered.ShouldBe([lastSeq + 2]);
        var log = (await RunEventLog.ReadAsync(stack, runId)).Where(e => e.Seq > lastSeq).ToList();
        log.Select(e => e.Seq).ShouldBe([lastSeq + 1, lastSeq + 2], "each write once, no seq written twice or skipped");
        log.ShouldAllBe(e => e.Type == FlexEventTypes.Log);
    }

    private static JournalUnit Unit(Guid runId, JournalChain chain, long firstSeq, string message) =>
        new(runId, null, null, [new PendingFrame(FlexEventTypes.Log, Message: message, Payload: new JsonObject { ["level"] = "info" })],
            firstSeq, CancellationToken.None, chain);

    /// Throws on the first batch it is handed (as a broken stream would), takes the later ones.
    private sealed class FirstDeliveryThrows : ICommittedFrameSink
    {
        private int _attempts;
        private readonly List<long> _delivered = [];

        public int Attempts => Volatile.Read(ref _attempts);

        public IReadOnlyList<long> Delivered
        {
            get { lock (_delivered) return [.. _delivered]; }
        }

        public void Publish(Guid runId, IReadOnlyList<JournalFrame> frames)
        {
            if (Interlocked.Increment(ref _attempts) == 1)
            {
                throw new InvalidOperationException("The stream could not take the frames.");
            }
            lock (_delivered) _delivered.AddRange(frames.Select(f => f.Seq));
        }
    }
}
