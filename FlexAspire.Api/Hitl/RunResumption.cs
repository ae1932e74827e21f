using FlexAspire.Api.Envelopes;

namespace FlexAspire.Api.Hitl;

/// `run.resume`: answers a HITL request or submits/declines a human task, and lets the run continue. Idempotent: the
/// same answer again replays the stream from where the first one started; another answer to an answered question is
/// a 409, as is a stale `expectedPlanVersion` or losing a race with a concurrent resume.
public sealed class RunResumption(FlexDbContext db, PausedRuns paused, HitlAnswering answering, TaskDecliner decliner)
{
    public async Task<ResumeOutcome> ResumeAsync(RunResumeRequest request, CancellationToken ct)
    {
        if (!Guid.TryParse(request.RunId, out var runId))
            return ResumeOutcome.Field("runId", "runId must be a run id (a UUID).");
        if ((request.Hitl is null) == (request.Payload is null))
            return ResumeOutcome.Field("", "Give exactly one of `hitl` (answer a HITL request) or `payload` (a human task's output or decline).");
        var run = await db.Runs.FindAsync([runId], ct);
        if (run is null)
            return new ResumeOutcome.NotFound($"No run {runId}.");
        if (request.ExpectedPlanVersion is { } expected && expected != run.PlanVersion)
            return new ResumeOutcome.Conflict($"The run's plan is at version {run.PlanVersion}, not {expected}; reload the run and answer again.");
        if (request.Hitl is { } answer)
            return await answering.AnswerAsync(run, answer, request.Operator, request.Note, ct);

        var payload = request.Payload!;
        if (payload.SubmittedAt is { Length: > 64 })
            return ResumeOutcome.Field("payload.submittedAt", "submittedAt must be at most 64 characters (a timestamp).");
        var task = await db.HumanTasks.Where(t => t.RunId == runId && t.NodeId == payload.NodeId)
            .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(ct);
        if (task is null)
            return new ResumeOutcome.NotFound($"Run {runId} has no human task for node '{payload.NodeId}'.");
        if (payload.Decline is { } decline)
            return payload.Output is null
                ? await decliner.DeclineAsync(run, task, decline, request.Operator, ct)
                : ResumeOutcome.Field("payload", "Give either `output` or `decline`, not both.");
        return await SubmitAsync(run, task, payload, request.Operator, request.Note, ct);
    }

    private async Task<ResumeOutcome> SubmitAsync(RunEntity run, HumanTaskEntity task, HumanTaskSubmission submission, string? by, string? note, CancellationToken ct)
    {
        var output = submission.Output;
        if (output is null)
            return ResumeOutcome.Field("payload.output", "A human task's answer needs `output` (or `decline`).");
        if (task.Status == HumanTaskStatus.Completed)
            return JsonNode.DeepEquals(JsonNode.Parse(task.Output!), output) && task.ResumeSeq is { } from
                ? new ResumeOutcome.Continued(run.Id, from)
                : new ResumeOutcome.Conflict($"Task {task.Id} was already answered with another output.");
        if (task.Status != HumanTaskStatus.Pending || !PausedRuns.IsPaused(run))
            return new ResumeOutcome.Conflict($"Task {task.Id} is {task.Status.ToWire()} and run {run.Id} is {run.Status.ToWire()}; nothing waits for this answer.");
        var errors = SchemaValidator.Validate(JsonNode.Parse(task.OutputSchema)!, output);
        if (errors.Count > 0)
            return new ResumeOutcome.Unprocessable(errors);

        var seqBefore = run.LastSeq;
        var now = DateTimeOffset.UtcNow;
        task.Status = HumanTaskStatus.Completed;
        task.Output = output.ToJsonString();
        task.ResumeSeq = seqBefore;
        task.UpdatedAt = now;
        // The answer waits on the node; the executor completes it through the same path as a capability's output.
        var node = await db.PlanNodes.FindAsync([run.Id, task.NodeId], ct);
        if (node is not null)
        {
            node.Output = task.Output;
            node.Attempts = 1;
        }
        run.Status = RunStatus.Running;
        var frame = new PendingFrame(FlexEventTypes.Log, task.NodeId, $"Task {task.Id} answered",
            new() { ["taskId"] = task.Id.ToString(), ["operator"] = by, ["note"] = note, ["submittedAt"] = submission.SubmittedAt });
        return await paused.CommitAsync(run, [frame], ct)
            ? new ResumeOutcome.Continued(run.Id, seqBefore)
            : new ResumeOutcome.Conflict($"Run {run.Id} was resumed by someone else at the same time.");
    }
}
