using FlexAspire.Api.Runs.Journal;

namespace FlexAspire.Api.Runs;

/// Marks a run that is not executing (queued, paused) as cancelled, with its `complete{cancelled}` frame. An executing
/// run is cancelled through its token instead and recorded by its executor (RunGrain.CancelAsync decides which).
public sealed class RunCancellation(JournalWriter writer, RunTelemetry telemetry, TimeProvider clock)
{
    public async Task<RunStatus> MarkCancelledAsync(Guid runId, CancellationToken ct)
    {
        var journal = new RunJournal(writer, telemetry, runId);
        var cancelled = false;
        var status = RunStatus.Cancelled;
        await journal.WriteAsync(async (db, run) =>
        {
            cancelled = !run.Status.IsTerminal();
            status = cancelled ? RunStatus.Cancelled : run.Status;
            if (cancelled)
            {
                await CancelUnfinishedNodesAsync(db, run.Id);
                run.Status = RunStatus.Cancelled;
                run.CompletedAt = clock.GetUtcNow();
            }
        }, [], ct);
        if (cancelled)
        {
            await journal.WriteAsync(new PendingFrame(FlexEventTypes.Complete, Message: "Run cancelled",
                Payload: new() { ["status"] = RunStatus.Cancelled.ToWire() }), ct);
        }
        return status;
    }

    /// A cancelled run's nodes that had not finished are recorded `cancelled` (completed and failed ones keep theirs).
    public static async Task CancelUnfinishedNodesAsync(FlexDbContext db, Guid runId)
    {
        foreach (var node in await db.PlanNodes.Where(n => n.RunId == runId && n.Status != NodeStatus.Completed && n.Status != NodeStatus.Error).ToListAsync())
        {
            node.Status = NodeStatus.Cancelled;
        }
    }
}
