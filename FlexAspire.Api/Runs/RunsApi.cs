using FlexAspire.Api.Envelopes;
using FlexAspire.Api.Hosting;
using FlexAspire.Api.Runs.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlexAspire.Api.Runs;

public static class RunsApi
{
    public static RouteGroupBuilder MapRunsApi(this RouteGroupBuilder flex)
    {
        flex.MapPost("/run.stream", StartRun).WithName("StartRunStream").WithStreamLimit().WithTags("Runs")
            .WithJsonBody<TaskEnvelope>().ProducesEventStream()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Validate a TaskEnvelope, start its run and stream its frames (text/event-stream); with constraints.resumeRunId, follow that run instead");
        flex.MapGet("/runs/{runId:guid}/stream", StreamRun).WithName("ResumeRunStream").WithStreamLimit().WithTags("Runs").ProducesEventStream()
            .WithSummary("Replay a run's frames after Last-Event-ID (or ?after=) and follow the live tail");
        flex.MapGet("/runs/{runId:guid}", RunQueries.GetRun).WithName("GetRun").WithTags("Runs").WithSummary("A run with its plan, facets and output");
        flex.MapGet("/runs", RunQueries.ListRuns).WithName("ListRuns").WithTags("Runs").WithSummary("Runs, newest first, filtered by status, paged by cursor");
        flex.MapPost("/runs/{runId:guid}/cancel", RunQueries.CancelRun).WithName("CancelRun").WithTags("Runs").WithSummary("Cancel a run");
        return flex;
    }

    private static async Task<IResult> StartRun(
        HttpContext http, RunIntake intake, RunFrameHub hub, RunEventFeed feed, IOptions<RunOptions> options, IOptions<FlexOptions> flexOptions,
        [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        [FromHeader(Name = "x-correlation-id")] string? correlationId,
        CancellationToken ct)
    {
        if (await RequestBody.ReadAsync(http.Request, ct) is not { } body)
        {
            return RequestBody.TooLarge(http);
        }
        if (EnvelopeLimits.Check(body, flexOptions.Value.Limits) is { } breach)
        {
            return breach.ToProblem();
        }
        if (IdempotencyKeys.Problem(idempotencyKey) is { } keyProblem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKeys.Header] = [keyProblem] });
        }
        var outcome = await intake.SubmitAsync(body, IdempotencyKeys.Scoped(http.User, idempotencyKey), correlationId, ct);
        switch (outcome)
        {
            case IntakeOutcome.Invalid invalid:
                return TypedResults.ValidationProblem(invalid.Errors, title: "The TaskEnvelope is invalid");
            case IntakeOutcome.Conflict conflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency conflict", detail: conflict.Detail);
            case IntakeOutcome.Busy:
                http.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many runs waiting",
                    detail: $"The run backlog is full ({options.Value.MaxBacklog}, limit Flex:Runs:MaxBacklog); retry later.");
            case IntakeOutcome.Accepted accepted:
                var lease = await hub.AttachAsync(accepted.RunId, ct) ?? throw new InvalidOperationException($"Run {accepted.RunId} vanished.");
                return new RunStreamResult(feed.FollowAsync(lease, 0), accepted.RunId, lease);
            case IntakeOutcome.UnknownRun unknown:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Run not found",
                    detail: $"constraints.resumeRunId names no run ('{unknown.RunId}').");
            case IntakeOutcome.Resumed resumed:
                var resumedLease = await hub.AttachAsync(resumed.RunId, ct) ?? throw new InvalidOperationException($"Run {resumed.RunId} vanished.");
                return new RunStreamResult(feed.FollowAsync(resumedLease, resumed.After), resumed.RunId, resumedLease);
            default:
                throw new InvalidOperationException(outcome.ToString());
        }
    }

    private static async Task<Results<RunStreamResult, NoContent, ProblemHttpResult, ValidationProblem>> StreamRun(
        Guid runId, RunFrameHub hub, RunEventFeed feed,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId, long? after, CancellationToken ct)
    {
        long from = 0;
        if (lastEventId is { Length: > 0 } && !long.TryParse(lastEventId, out from))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Last-Event-ID"] = ["Last-Event-ID must be a frame seq (an integer)."] });
        }
        from = Math.Max(from, after ?? 0);
        if (from < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = ["after must not be negative."] });
        }
        // The run's feed on this replica answers for the run: no database read per reader.
        var lease = await hub.AttachAsync(runId, ct);
        if (lease is null)
        {
            return RunQueries.UnknownRun(runId);
        }
        var (last, finished) = (lease.Feed.Last, lease.Feed.Finished);
        if (from > last)
        {
            lease.Dispose();
            var field = after == from ? "after" : "Last-Event-ID";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"Run {runId} has no frame {from}; its last frame is {last}."] });
        }
        if (finished && from == last)
        {
            // Everything was delivered and nothing more will come. 204 tells an EventSource to stop reconnecting.
            lease.Dispose();
            return TypedResults.NoContent();
        }
        return new RunStreamResult(feed.FollowAsync(lease, from), runId, lease);
    }
}
