using FlexAspire.Api.Data;
using FlexAspire.Api.Runs.Streaming;
using FlexAspire.Contracts.Events;
using FlexAspire.Contracts.Runs;
using Microsoft.EntityFrameworkCore;

namespace FlexAspire.Api.Runs;

/// Cancels a run: an executing run is stopped through its cancellation token (model calls in flight end) and its
/// executor records `cancelled`; a run that is not executing here (queued, paused) is marked cancelled directly.
public sealed class RunCancellation(RunCoordinator coordinator, IServiceScopeFactory scopes, RunNotifier notifier, TimeProvider clock)
{
    public async Task<string> CancelAsync(Guid runId, CancellationToken ct)
    {
        if (coordinator.TryCancel(runId))
        {
            return RunStatusNames.Running; // the executor finishes it as cancelled in a moment
        }
        var journal = new RunJournal(scopes, notifier, clock, runId);
        var cancelled = false;
        await journal.WriteAsync((_, run) =>
        {
            if (!RunStatusNames.IsTerminal(run.Status))
            {
                run.Status = RunStatusNames.Cancelled;
                run.CompletedAt = clock.GetUtcNow();
                cancelled = true;
            }
            return Task.CompletedTask;
        }, [], ct);
        if (cancelled)
        {
            await journal.WriteAsync(new PendingFrame(FlexEventTypes.Complete, Message: "Run cancelled",
                Payload: new() { ["status"] = RunStatusNames.Cancelled }), ct);
        }
        return RunStatusNames.Cancelled;
    }
}
