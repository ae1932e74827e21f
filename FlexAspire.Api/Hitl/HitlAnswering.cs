namespace FlexAspire.Api.Hitl;

/// Applies a person's answer to a HITL request: a rejection fails the run with the reason; an approval lets it go
/// on (a final approval completes it, an approved node completes, an approved escalation reopens the task); a
/// clarification makes the node run again with the answer in its prompt.
public sealed class HitlAnswering(FlexDbContext db, PausedRuns paused, TimeProvider clock)
{
    public async Task<ResumeOutcome> AnswerAsync(RunEntity run, HitlAnswer answer, string? by, string? note, CancellationToken ct)
    {
        if (!Guid.TryParse(answer.RequestId, out var requestId))
            return ResumeOutcome.Field("hitl.requestId", "requestId must be a HITL request id (a UUID).");
        var key = run.Id.ToString();
        var request = await db.HitlRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.RunId == key, ct);
        if (request is null)
            return new ResumeOutcome.NotFound($"Run {run.Id} has no HITL request {requestId}.");
        if (request.Status == HitlStatuses.Resolved)
            return await ReplayAsync(run, request, answer, ct);
        if (request.Status != HitlStatuses.Pending || !PausedRuns.IsPaused(run))
            return new ResumeOutcome.Conflict($"HITL request {requestId} is {request.Status} and run {run.Id} is {run.Status.ToWire()}; nothing waits for this answer.");

        var kind = HitlRequestRecords.KindOf(request);
        var approved = answer.Approved ?? (kind == HitlKind.Clarify && answer.Response is not null ? true : null);
        if (approved is null)
            return ResumeOutcome.Field("hitl.approved", kind == HitlKind.Clarify
                ? "A clarification needs a `response` (or `approved: false` to reject)."
                : "An approval request needs `approved: true` or `false`.");
        if (kind == HitlKind.Clarify && approved == true && answer.Response is null)
            return ResumeOutcome.Field("hitl.response", "A clarification needs a `response`.");

        var seqBefore = run.LastSeq;
        var now = clock.GetUtcNow();
        var text = answer.Response is JsonValue v && v.TryGetValue<string>(out var s) ? s : answer.Response?.ToJsonString();
        request.Status = HitlStatuses.Resolved;
        request.FlexResolvedAt = now;
        request.UpdatedAt = now;
        db.HitlResponses.Add(new HitlResponseEntity
        {
            Id = Guid.CreateVersion7(now),
            RequestId = request.Id,
            ResponseType = approved == false ? "rejection" : kind == HitlKind.Clarify ? "freeform" : "approval",
            Approved = approved,
            FreeformText = approved == false ? note ?? text : text,
            Responder = by,
            Metadata = new JsonObject
            {
                ["resumeSeq"] = seqBefore, ["approved"] = answer.Approved, ["response"] = answer.Response?.DeepClone(), ["note"] = note,
            }.ToJsonString(),
            CreatedAt = now,
        });
        var resolved = RunFrames.Payload(new HitlResolvedPayload { RequestId = request.Id.ToString(), Approved = approved, Response = answer.Response?.DeepClone(), Operator = by },
            FlexJsonContext.Default.HitlResolvedPayload);
        resolved["request"] = TheirHitlRequest.Of(request);
        List<PendingFrame> frames = [new(FlexEventTypes.HitlResolved, request.FlexNodeId, approved == true ? "Answered" : "Rejected", resolved)];

        if (approved == false)
        {
            await paused.CloseOpenWorkAsync(run.Id, now, ct);
            var reason = note ?? text ?? "no reason given";
            var error = new FlexError { Code = "hitl_rejected", Message = $"{by ?? "A person"} rejected: {reason}" };
            paused.Fail(run, error);
            frames.Add(RunFrames.Complete(new CompletePayload { Status = RunStatus.Failed, Error = error }));
        }
        else if (request.FlexPurpose == HitlPurposes.Escalation)
        {
            frames.Add(await ReopenEscalatedTaskAsync(run, request, now, ct));
        }
        else
        {
            if ((kind == HitlKind.Clarify || request.FlexPurpose == HitlPurposes.AgentRequest) && request.FlexNodeId is { } nodeId && await db.PlanNodes.FindAsync([run.Id, nodeId], ct) is { } node)
            {
                // Run the node again; its prompt now carries the clarification or the agent's approval (HumanInTheLoop.InstructionsForAsync).
                node.Status = NodeStatus.Pending;
                node.Output = null;
            }
            run.Status = RunStatus.Running;
        }
        await LegacyRunMirror.UpdateAsync(db, run, run.Status, now);
        return await paused.CommitAsync(run, frames, ct)
            ? new ResumeOutcome.Continued(run.Id, seqBefore)
            : new ResumeOutcome.Conflict($"Run {run.Id} was resumed by someone else at the same time.");
    }

    private async Task<PendingFrame> ReopenEscalatedTaskAsync(RunEntity run, HitlRequestEntity request, DateTimeOffset now, CancellationToken ct)
    {
        var pending = (await paused.StoredPendingAsync(run.Id, ct)).Where(p => p.RequestId != request.Id.ToString()).ToList();
        var task = await db.HumanTasks.Where(t => t.RunId == run.Id && t.NodeId == request.FlexNodeId)
            .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(ct);
        if (task is not null && task.Status == HumanTaskStatus.Declined)
        {
            task.Status = HumanTaskStatus.Pending;
            task.UpdatedAt = now;
            pending.Add(HumanTaskViews.Pending(task));
        }
        return PausedRuns.Await(run, pending);
    }

    private async Task<ResumeOutcome> ReplayAsync(RunEntity run, HitlRequestEntity request, HitlAnswer answer, CancellationToken ct)
    {
        var first = await db.HitlResponses.AsNoTracking().Where(r => r.RequestId == request.Id).OrderBy(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        var meta = first is null ? null : JsonNode.Parse(first.Metadata);
        var same = meta is not null && meta["approved"]?.GetValue<bool>() == answer.Approved && JsonNode.DeepEquals(meta["response"], answer.Response);
        return same && meta!["resumeSeq"]?.GetValue<long>() is { } from
            ? new ResumeOutcome.Continued(run.Id, from)
            : new ResumeOutcome.Conflict($"HITL request {request.Id} was already answered{(first?.Responder is { } who ? $" by {who}" : "")} with another answer.");
    }
}
