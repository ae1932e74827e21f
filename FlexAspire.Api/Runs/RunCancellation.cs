using FlexAspire.Api.Data;
using FlexAspire.Api.Runs.Journal;
using Microsoft.EntityFrameworkCore;
using FlexAspire.Contracts.Events;

namespace FlexAspire.Api.Runs;

/// Marks a run that is not executing (queued, paused) as cancelled, with its `complete{cancelled}` frame. An executing
/// run is cancelled through its token instead and recorded by its executor (RunGrain.CancelAsync decides which).
public sealed class RunCancellation(JournalWriter writer, TimeProvider clock)
{
    public async Task<string> MarkCancelledAsync(Guid runId, CancellationToken ct)
    {
        var journal = new RunJournal(writer, runId);
        var cancelled = false;
        string status = RunStatusNames.Cancelled;
        await journal.WriteAsync(async (db, run) =>
        {
            cancelled = !RunStatusNames.IsTerminal(run.Status);
            status = cancelled ? RunStatusNames.Cancelled : run.Status;
            if (cancelled)
            {
                await CancelUnfinishedNodesAsync(db, run.Id);
                run.Status = RunStatusNames.Cancelled;
                run.CompletedAt = clock.GetUtcNow();
            }
        }, [], ct);
        if (cancelled)
        {
            await journal.WriteAsync(new PendingFrame(FlexEventTypes.Complete, Message: "Run cancelled",
                Payload: new() { ["status"] = RunStatusNames.Cancelled }), ct);
        }
        return status;
    }

    /// A cancelled run's nodes that had not finished are recorded `cancelled` (completed and failed ones keep theirs).
    public static async Task CancelUnfinishedNodesAsync(FlexDbContext db, Guid runId)
    {
        foreach (var node in await db.PlanNodes.Where(n => n.RunId == runId && n.Status != "completed" && n.Status != "error").ToListAsync())
        {
            node.Status = "cancelled";
        }
    }
}
