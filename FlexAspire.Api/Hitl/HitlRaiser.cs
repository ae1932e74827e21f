namespace FlexAspire.Api.Hitl;

/// Raises HITL requests within the per-run bound: a request beyond it is recorded as `denied` (with the reason) and
/// reported in a `log` frame, and nobody is asked.
public sealed class HitlRaiser(IOptions<HitlOptions> options, TimeProvider clock)
{
    public async Task<HitlStep> RaiseAsync(FlexDbContext db, Guid runId, HitlQuestion question, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var key = runId.ToString();
        var asked = await db.HitlRequests.CountAsync(r => r.RunId == key && r.Status != HitlStatuses.Denied, ct);
        if (asked >= options.Value.MaxRequestsPerRun)
        {
            var denied = HitlRequestRecords.NewEntity(runId, question, HitlStatuses.Denied, now);
            denied.DenialReason = $"The run reached its limit of {options.Value.MaxRequestsPerRun} HITL requests (Flex:Hitl:MaxRequestsPerRun).";
            return new HitlStep((d, _) => { d.HitlRequests.Add(denied); return Task.CompletedTask; },
                [new PendingFrame(FlexEventTypes.Log, question.NodeId, $"HITL request denied: {denied.DenialReason}",
                    new() { ["requestId"] = denied.Id.ToString(), ["status"] = HitlStatuses.Denied, ["reason"] = denied.DenialReason })],
                Pending: null);
        }
        var request = HitlRequestRecords.NewEntity(runId, question, HitlStatuses.Pending, now);
        return new HitlStep(async (d, run) =>
        {
            d.HitlRequests.Add(request);
            await LegacyRunMirror.UpdateAsync(d, run, RunStatus.AwaitingHitl, now);
        }, [HitlRequestRecords.RequestFrame(request)], HitlRequestRecords.Pending(request));
    }
}

/// Mirrors a flex run into the legacy `orchestrator_runs` (mode `flex`) while people are involved, so a legacy
/// `hitl_requests.run_id` always names a run the legacy tooling can find.
public static class LegacyRunMirror
{
    public static async Task UpdateAsync(FlexDbContext db, RunEntity run, RunStatus runStatus, DateTimeOffset now)
    {
        var status = runStatus.ToWire(); // the legacy table's text, as the legacy server spells it
        var mirror = await db.OrchestratorRuns.FindAsync(run.Id);
        if (mirror is null)
        {
            db.OrchestratorRuns.Add(new OrchestratorRunEntity
            {
                Id = run.Id, ThreadId = run.ThreadId, Mode = "flex", Objective = run.Objective, Status = status, CreatedAt = run.CreatedAt, UpdatedAt = now,
            });
            return;
        }
        mirror.Status = status;
        mirror.UpdatedAt = now;
    }
}
