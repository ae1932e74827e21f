namespace FlexAspire.Api.Hitl;

/// A run that waits for people past its `constraints.deadlineSeconds` (counted from its creation, paused time
/// included) fails with `deadline_exceeded`, in its grain: its open tasks and requests are closed and its unfinished
/// nodes recorded `cancelled`, as when the deadline passes while it executes.
public sealed class PausedRunDeadlines(FlexDbContext db, PausedRuns paused, TimeProvider clock, ILogger<PausedRunDeadlines> logger)
{
    public async Task ExpireAsync(Guid runId, CancellationToken ct)
    {
        var run = await db.Runs.FindAsync([runId], ct);
        if (run is null || !PausedRuns.IsPaused(run))
            return;
        var envelope = JsonSerializer.Deserialize(run.Envelope, FlexJsonContext.Default.TaskEnvelope)!;
        var now = clock.GetUtcNow();
        if (RunBudget.Deadline(envelope, run.CreatedAt) is not { } deadline || deadline > now)
            return;
        var error = RunBudget.DeadlineReached(deadline);
        await paused.CloseOpenWorkAsync(run.Id, now, ct);
        await RunCancellation.CancelUnfinishedNodesAsync(db, run.Id);
        paused.Fail(run, error);
        await LegacyRunMirror.UpdateAsync(db, run, RunStatus.Failed, now);
        if (!await paused.CommitAsync(run, [RunFrames.Complete(new CompletePayload { Status = RunStatus.Failed, Error = error })], ct))
            logger.LogInformation("Run {RunId} changed while its deadline passed; leaving it to the next sweep", run.Id);
    }
}
