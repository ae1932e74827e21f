using FlexAspire.Api.Data;
using FlexAspire.Contracts.Events;
using Microsoft.EntityFrameworkCore;

namespace FlexAspire.Tests.Runs;

/// How a run that is stopped (not finished by its plan) leaves its nodes: the ones still running or not started are
/// recorded `cancelled`, the finished ones keep their status. Against the stack's PostgreSQL, through the engine's
/// own RunCompletion and a journal writer of the test's own.
[Collection(StackCollection.Name)]
public sealed class RunTerminationTests(FlexStackFixture stack)
{
    [Theory]
    [InlineData(RunCompletion.InternalErrorCode)]
    [InlineData("deadline_exceeded")]
    public async Task A_run_stopped_by_an_error_records_its_unfinished_nodes_cancelled_and_keeps_the_finished_ones(string code)
    {
        await using var own = await OwnJournalWriter.OnFinishedSampleRunAsync(stack);
        string interrupted;
        await using (var db = own.CreateDbContext())
        {
            // As if the execution had stopped while this node's model call was in flight.
            var node = await db.PlanNodes.Where(n => n.RunId == own.RunId).OrderBy(n => n.NodeId).FirstAsync();
            node.Status = NodeStatus.Running;
            await db.SaveChangesAsync();
            interrupted = node.NodeId;
        }

        var error = new FlexError { Code = code, Message = "stopped" };
        await new RunCompletion(TimeProvider.System).TerminateAsync(own.Journal, RunStatus.Failed,
            new CompletePayload { Status = RunStatus.Failed, Error = error }, "Run failed");

        await using (var db = own.CreateDbContext())
        {
            var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.RunId == own.RunId).ToDictionaryAsync(n => n.NodeId, n => n.Status);
            nodes[interrupted].ShouldBe(NodeStatus.Cancelled);
            nodes.Where(n => n.Key != interrupted).ShouldAllBe(n => n.Value == NodeStatus.Completed);
            (await db.Runs.AsNoTracking().SingleAsync(r => r.Id == own.RunId)).Status.ShouldBe(RunStatus.Failed);
        }
        var last = (await RunEventLog.ReadAsync(stack, own.RunId))[^1];
        last.Type.ShouldBe("complete");
        last.Seq.ShouldBe(own.LastSeq + 1);
    }
}
