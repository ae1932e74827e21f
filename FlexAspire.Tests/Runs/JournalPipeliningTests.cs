using FlexAspire.Api.Runs.Journal;
using FlexAspire.Contracts.Events;

namespace FlexAspire.Tests.Runs;

/// A run's journal pipelines writes the engine does not await (a node's start and result, the plan): they commit in
/// order with the awaited ones, and one that is not committed stops the execution at its next write instead of being
/// skipped. Against the stack's PostgreSQL, with the API's own writer.
[Collection(StackCollection.Name)]
public sealed class JournalPipeliningTests(FlexStackFixture stack)
{
    [Fact]
    public async Task Queued_writes_commit_in_order_and_a_flush_returns_once_they_are_all_in_the_log()
    {
        await using var own = await OwnJournalWriter.OnFinishedSampleRunAsync(stack);
        var (runId, lastSeq, journal) = (own.RunId, own.LastSeq, own.Journal);

        await journal.AppendAsync(null, [Log("first, queued")]);
        await journal.AppendAsync(null, [Log("second, queued")]);
        await journal.FlushAsync(CancellationToken.None);

        var log = (await RunEventLog.ReadAsync(stack, runId)).Where(e => e.Seq > lastSeq).Select(e => e.Seq).ToList();
        log.ShouldBe([lastSeq + 1, lastSeq + 2]);
    }

    [Fact]
    public async Task A_queued_write_that_is_not_committed_makes_the_runs_next_write_throw_and_the_one_after_follows_the_last_committed_seq()
    {
        await using var own = await OwnJournalWriter.OnFinishedSampleRunAsync(stack);
        var (runId, lastSeq, journal) = (own.RunId, own.LastSeq, own.Journal);

        await journal.AppendAsync(null, [Log("committed")]);
        await journal.AppendAsync((_, _) => throw new InvalidOperationException("the change could not be applied"), [Log("never written")]);

        var next = await Should.ThrowAsync<InvalidOperationException>(() => journal.WriteAsync(Log("after the failure"), CancellationToken.None));
        next.InnerException!.Message.ShouldBe("the change could not be applied");
        await journal.WriteAsync(Log("the execution's last word"), CancellationToken.None);

        var log = (await RunEventLog.ReadAsync(stack, runId)).Where(e => e.Seq > lastSeq).Select(e => e.Seq).ToList();
        log.ShouldBe([lastSeq + 1, lastSeq + 2], "the failed write and the one that threw wrote nothing; no seq is skipped");
    }

    [Fact]
    public async Task A_flush_after_a_queued_write_that_is_not_committed_throws()
    {
        await using var own = await OwnJournalWriter.OnFinishedSampleRunAsync(stack);
        var (runId, lastSeq, journal) = (own.RunId, own.LastSeq, own.Journal);

        await journal.AppendAsync((_, _) => throw new InvalidOperationException("the change could not be applied"), [Log("never written")]);

        await Should.ThrowAsync<InvalidOperationException>(() => journal.FlushAsync(CancellationToken.None));
        (await RunEventLog.ReadAsync(stack, runId)).ShouldAllBe(e => e.Seq <= lastSeq);
    }

    private static PendingFrame Log(string message) =>
        new(FlexEventTypes.Log, Message: message, Payload: new JsonObject { ["level"] = "info" });
}
