using FlexAspire.Api.Runs.Journal;

namespace FlexAspire.Api.Hitl;

/// Answers to a paused run: the caller changes tracked rows (run, request, task, node); CommitAsync hands them, with
/// the frames, to the run's journal (the same group-commit writer the executor uses), which commits them in one
/// transaction. The run row's version (xmin) makes it exactly-once: of two concurrent answers, the second's UPDATE
/// matches no row and it is told so (409), with nothing of it written.
public sealed class PausedRuns(FlexDbContext db, JournalWriter journal, RunTelemetry telemetry, TimeProvider clock)
{
    public static bool IsPaused(RunEntity run) => run.Status is RunStatus.AwaitingHitl or RunStatus.AwaitingHuman;

    /// False when another writer changed the run first. Commands reach a run through its grain one at a time, so
    /// this guard only matters for a writer outside the grain (it never loses silently).
    public Task<bool> CommitAsync(RunEntity run, IReadOnlyList<PendingFrame> frames, CancellationToken ct) =>
        new RunJournal(journal, telemetry, run.Id).CommitTrackedAsync(db, run, frames, ct);

    public void Fail(RunEntity run, FlexError error) => RunCompletion.Ended(run, RunStatus.Failed, error, clock.GetUtcNow());

    /// Pending tasks and requests of the run as stored, to report in a `complete{awaiting_*}` frame.
    public async Task<List<PendingWork>> StoredPendingAsync(Guid runId, CancellationToken ct)
    {
        var key = runId.ToString();
        var tasks = await db.HumanTasks.AsNoTracking().Where(t => t.RunId == runId && t.Status == HumanTaskStatus.Pending).ToListAsync(ct);
        var requests = await db.HitlRequests.AsNoTracking().Where(r => r.RunId == key && r.Status == HitlStatuses.Pending).ToListAsync(ct);
        return [.. requests.Select(HitlRequestRecords.Pending), .. tasks.Select(HumanTaskViews.Pending)];
    }

    /// Sets the run awaiting whatever is still pending and builds the frame that says so.
    public static PendingFrame Await(RunEntity run, IReadOnlyList<PendingWork> pending)
    {
        var hitl = pending.Any(p => p.Kind == PendingKind.Hitl);
        run.Status = hitl ? RunStatus.AwaitingHitl : RunStatus.AwaitingHuman;
        return RunFrames.Complete(new CompletePayload { Status = hitl ? RunStatus.AwaitingHitl : RunStatus.AwaitingHuman, Pending = pending });
    }

    /// Tasks and requests still open once the run failed are closed with it.
    public async Task CloseOpenWorkAsync(Guid runId, DateTimeOffset now, CancellationToken ct)
    {
        var key = runId.ToString();
        foreach (var task in await db.HumanTasks.Where(t => t.RunId == runId && t.Status == HumanTaskStatus.Pending).ToListAsync(ct))
        {
            task.Status = HumanTaskStatus.Cancelled;
            task.UpdatedAt = now;
        }
        foreach (var request in await db.HitlRequests.Where(r => r.RunId == key && r.Status == HitlStatuses.Pending).ToListAsync(ct))
        {
            request.Status = HitlStatuses.Cancelled;
            request.UpdatedAt = now;
        }
    }
}
