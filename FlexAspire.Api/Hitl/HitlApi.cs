using FlexAspire.Api.Data;
using FlexAspire.Api.Hosting;
using FlexAspire.Api.Runs;
using FlexAspire.Api.Runs.Streaming;
using FlexAspire.Contracts.Hitl;
using FlexAspire.Contracts.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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

    private static async Task<IResult> Resume(HttpContext http, RunResumption resumption, FlexDbContext db, RunEventFeed feed,
        IOptions<RunOptions> options, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, ct);
        if (body is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                detail: $"A resume must be at most {options.Value.MaxRequestBodyBytes} bytes.");
        var read = ContractReader.Read(body, FlexJsonContext.Default.RunResumeRequest);
        if (!read.IsValid)
            return TypedResults.ValidationProblem(read.Errors, title: "The resume request is invalid");
        var outcome = await resumption.ResumeAsync(read.Value, ct);
        if (outcome is not ResumeOutcome.Continued continued)
            return Problem(outcome);
        var run = await RunQueries.FindStreamIdentityAsync(db, continued.RunId, ct)
            ?? throw new InvalidOperationException($"Run {continued.RunId} vanished.");
        return new RunStreamResult(feed.FollowAsync(continued.RunId, continued.FromSeq, run.CorrelationId, run.TraceId, CancellationToken.None), continued.RunId);
    }

    private static async Task<IResult> Decline(Guid taskId, HttpContext http, FlexDbContext db, TaskDecliner decliner, CancellationToken ct)
    {
        var read = await ContractReader.ReadAsync(http.Request.Body, FlexJsonContext.Default.DeclineTaskRequest, ct);
        if (!read.IsValid)
            return TypedResults.ValidationProblem(read.Errors, title: "The decline is invalid");
        var task = await db.HumanTasks.FindAsync([taskId], ct);
        var run = task is null ? null : await db.Runs.FindAsync([task.RunId], ct);
        if (task is null || run is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown task", detail: $"No human task {taskId}.");
        var outcome = await decliner.DeclineAsync(run, task, read.Value, http.Request.Headers["x-operator"].FirstOrDefault(), ct);
        return outcome is ResumeOutcome.Continued ? TypedResults.Ok(HumanTaskViews.ToWire(task)) : Problem(outcome);
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
