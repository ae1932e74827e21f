using FlexAspire.Api.Envelopes;
using FlexAspire.Api.Hosting;
using FlexAspire.Api.Runs.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexAspire.Api.Hitl;

public static class HitlApi
{
    public static RouteGroupBuilder MapHitlApi(this RouteGroupBuilder flex)
    {
        flex.MapPost("/run.resume", Resume).WithName("ResumeRun").WithTags("HITL")
            .WithJsonBody<RunResumeRequest>().ProducesEventStream().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Answer a HITL request or a human task and stream the continued run (text/event-stream)")
            .WithStreamLimit();
        flex.MapGet("/tasks", HitlQueries.ListTasks).WithName("ListHumanTasks").WithTags("HITL")
            .WithSummary("Human tasks filtered by runId, assignedTo, role and status (default pending), highest priority and oldest first");
        flex.MapPost("/tasks/{taskId:guid}/decline", Decline).WithName("DeclineHumanTask").WithTags("HITL")
            .WithJsonBody<DeclineTaskRequest>().Produces<HumanTask>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Decline a human task; the capability's onDecline decides what follows");
        flex.MapGet("/hitl/pending", HitlQueries.ListPending).WithName("ListPendingHitlRequests").WithTags("HITL")
            .WithSummary("Pending HITL requests (flex and legacy), oldest first");
        return flex;
    }

    private static async Task<IResult> Resume(HttpContext http, IGrainFactory grains, RunFrameHub hub, RunEventFeed feed,
        CancellationToken ct)
    {
        if (await RequestBody.ReadAsync(http.Request, ct) is not { } body)
            return RequestBody.TooLarge(http);
        // The existing system's body (operator object, correlationId, payload.note); docs/compatibility.md.
        if (CorrelationIdOf(body) is { } correlationId)
            http.Response.Headers["x-correlation-id"] = correlationId;
        if (EnvelopeCompatibility.Apply(body, EnvelopeCompatibility.NormalizeResume) is { } compatible)
        {
            if (compatible.Errors.Count > 0)
                return TypedResults.ValidationProblem(compatible.Errors, title: "The resume request is invalid");
            body = compatible.Body ?? body;
        }
        var read = ContractReader.Read(body, FlexJsonContext.Default.RunResumeRequest);
        if (!read.IsValid)
            return TypedResults.ValidationProblem(read.Errors, title: "The resume request is invalid");
        if (!Guid.TryParse(read.Value.RunId, out var runId))
            return Problem(ResumeOutcome.Field("runId", "runId must be a run id (a UUID)."));
        // The run's grain applies the answer, wherever the run executes, and continues the run there.
        var outcome = await grains.GetGrain<IRunGrain>(runId).ResumeAsync(read.Value);
        if (outcome is not ResumeOutcome.Continued continued)
            return Problem(outcome);
        var lease = await hub.AttachAsync(continued.RunId, ct) ?? throw new InvalidOperationException($"Run {continued.RunId} vanished.");
        // The answer may have activated the run on another replica than the one this feed followed: catch up now.
        await hub.RenewAsync(lease.Feed);
        return new RunStreamResult(feed.FollowAsync(lease, continued.FromSeq), continued.RunId, lease);
    }

    private static string? CorrelationIdOf(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body)?["correlationId"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
                && v.GetValue<string>() is { Length: > 0 and <= EnvelopeValidator.MaxIdLength } id && id.All(c => c > ' ' && c < 127) ? id : null;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<IResult> Decline(Guid taskId, HttpContext http, FlexDbContext db, IGrainFactory grains, CancellationToken ct)
    {
        var read = await ContractReader.ReadAsync(http.Request.Body, FlexJsonContext.Default.DeclineTaskRequest, ct);
        if (!read.IsValid)
            return TypedResults.ValidationProblem(read.Errors, title: "The decline is invalid");
        var runId = await db.HumanTasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => (Guid?)t.RunId).SingleOrDefaultAsync(ct);
        if (runId is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown task", detail: $"No human task {taskId}.");
        var outcome = await grains.GetGrain<IRunGrain>(runId.Value).DeclineAsync(taskId, read.Value, http.Request.Headers["x-operator"].FirstOrDefault());
        if (outcome is not ResumeOutcome.Continued)
            return Problem(outcome);
        var task = await db.HumanTasks.AsNoTracking().SingleAsync(t => t.Id == taskId, ct);
        return TypedResults.Ok(HumanTaskViews.ToWire(task));
    }

    private static IResult Problem(ResumeOutcome outcome) => outcome switch
    {
        ResumeOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "The request is invalid"),
        ResumeOutcome.Unprocessable bad => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The output does not satisfy the node's contract",
            detail: "The run stays paused; answer again with an output that satisfies the task's outputSchema.",
            extensions: new Dictionary<string, object?> { ["errors"] = bad.Errors }),
        ResumeOutcome.NotFound missing => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: missing.Detail),
        ResumeOutcome.Conflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: conflict.Detail),
        _ => throw new InvalidOperationException(outcome.ToString()),
    };
}
