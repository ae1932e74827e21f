using FlexAspire.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlexAspire.Api.Runs;

public sealed record StreamIdentity(string CorrelationId, string TraceId, RunStatus Status, long LastSeq)
{
    /// Nothing will be appended to a finished run's log.
    public bool Finished => Status.IsTerminal();
}

public sealed record RunPage(IReadOnlyList<RunSummary> Items, string? NextCursor);

/// Reads of runs for the API; one query per request (no N+1), projections instead of whole rows.
public static class RunQueries
{
    public const int MaxPageSize = 200;

    public static async Task<StreamIdentity?> FindStreamIdentityAsync(FlexDbContext db, Guid runId, CancellationToken ct) =>
        await db.Runs.AsNoTracking().Where(r => r.Id == runId)
            .Select(r => new StreamIdentity(r.CorrelationId ?? r.Id.ToString(), r.TraceId ?? "", r.Status, r.LastSeq))
            .SingleOrDefaultAsync(ct);

    /// `view=awesomeposter` answers in the existing system's shape (AwesomePosterViews).
    public static async Task<Results<Ok<RunDetail>, Ok<JsonObject>, ProblemHttpResult, ValidationProblem>> GetRun(Guid runId, FlexDbContext db,
        SecretRedactor redactor, CancellationToken ct, string? view = null)
    {
        if (view is not (null or AwesomePosterViews.Name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["view"] = [$"view must be '{AwesomePosterViews.Name}' or absent."] });
        }
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return UnknownRun(runId);
        }
        var plan = await db.PlanSnapshots.AsNoTracking().Where(s => s.RunId == runId)
            .OrderByDescending(s => s.Version).Select(s => s.Plan).FirstOrDefaultAsync(ct);
        var facetRows = await db.RunOutputs.AsNoTracking().Where(o => o.RunId == runId && o.Name != "$final")
            .OrderBy(o => o.Id).Select(o => new { o.Name, o.Value }).ToListAsync(ct);
        var facets = new JsonObject();
        foreach (var row in facetRows)
        {
            facets[row.Name] = JsonNode.Parse(row.Value); // later values win: the latest value of each facet
        }
        var planVersions = await db.PlanSnapshots.AsNoTracking().Where(s => s.RunId == runId)
            .OrderBy(s => s.Version).Select(s => s.Version).ToListAsync(ct);
        var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.RunId == runId).OrderBy(n => n.StartedAt)
            .Select(n => new { n.NodeId, n.CapabilityId, n.Status, n.Attempts, n.StartedAt, n.CompletedAt, n.Error }).ToListAsync(ct);
        var envelope = JsonSerializer.Deserialize(run.Envelope, FlexJsonContext.Default.TaskEnvelope)!;
        var detail = new RunDetail
        {
            RunId = run.Id.ToString(),
            Status = run.Status,
            Envelope = envelope with
            {
                Objective = redactor.RedactText(envelope.Objective),
                Inputs = redactor.Redact(envelope.Inputs),
                Constraints = redactor.Redact(envelope.Constraints),
            },
            Plan = plan is null ? null : JsonSerializer.Deserialize(plan, FlexJsonContext.Default.FlexPlan),
            Facets = redactor.Redact(facets),
            Output = run.Output is null ? null : redactor.RedactValues(JsonNode.Parse(run.Output)),
            Error = run.Error is null ? null : JsonSerializer.Deserialize(run.Error, FlexJsonContext.Default.FlexError),
            LastSeq = run.LastSeq,
            EventCount = run.LastSeq, // gapless from 1: the last seq is the number of frames
            PlanVersions = planVersions,
            Nodes = nodes.Select(n => new RunNodeState
            {
                NodeId = n.NodeId,
                CapabilityId = n.CapabilityId,
                Status = n.Status,
                Attempts = n.Attempts,
                StartedAt = n.StartedAt,
                CompletedAt = n.CompletedAt,
                Error = n.Error is null ? null : JsonSerializer.Deserialize(n.Error, FlexJsonContext.Default.FlexError),
            }).ToList(),
            CreatedAt = run.CreatedAt,
            UpdatedAt = run.UpdatedAt,
        };
        return view is null ? TypedResults.Ok(detail) : TypedResults.Ok(AwesomePosterViews.Run(detail));
    }

    /// Newest first; the cursor is the last item's (created_at, id), so pages stay stable while runs are added.
    /// The objective is shown with configured API keys masked (SecretRedactor), as in GET runs/{id}.
    public static async Task<Results<Ok<RunPage>, ValidationProblem>> ListRuns(FlexDbContext db, SecretRedactor redactor, string? status, int? limit, string? cursor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        RunStatus? only = null;
        if (status is not null)
        {
            if (WireNames<RunStatus>.TryParse(status, out var parsedStatus)) only = parsedStatus;
            else errors["status"] = [$"'{status}' is not a run status."];
        }
        if (limit is < 1 or > MaxPageSize) errors["limit"] = [$"limit must be between 1 and {MaxPageSize}."];
        (DateTimeOffset At, Guid Id)? after = null;
        if (cursor is not null)
        {
            if (RunCursor.TryParse(cursor, out var parsed)) after = parsed;
            else errors["cursor"] = ["The cursor is not one this API issued."];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var query = db.Runs.AsNoTracking();
        if (only is { } wanted) query = query.Where(r => r.Status == wanted);
        if (after is { } a) query = query.Where(r => r.CreatedAt < a.At || (r.CreatedAt == a.At && r.Id.CompareTo(a.Id) < 0));
        var take = limit ?? 50;
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(take + 1)
            .Select(r => new { r.Id, r.Status, r.Objective, r.PlanVersion, r.CreatedAt, r.UpdatedAt }).ToListAsync(ct);
        var items = rows.Take(take).Select(r => new RunSummary
        {
            RunId = r.Id.ToString(), Status = r.Status, Objective = redactor.RedactText(r.Objective),
            PlanVersion = r.PlanVersion > 0 ? r.PlanVersion : null, CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt,
        }).ToList();
        var next = rows.Count > take ? RunCursor.Format(rows[take - 1].CreatedAt, rows[take - 1].Id) : null;
        return TypedResults.Ok(new RunPage(items, next));
    }

    public static async Task<Results<Accepted<RunSummary>, ProblemHttpResult>> CancelRun(
        Guid runId, FlexDbContext db, IGrainFactory grains, CancellationToken ct)
    {
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.Status, r.Objective, r.CreatedAt, r.UpdatedAt }).SingleOrDefaultAsync(ct);
        if (run is null) return UnknownRun(runId);
        if (run.Status.IsTerminal())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Run already finished", detail: $"Run {runId} is {run.Status.ToWire()}.");
        }
        // Wherever the run executes, its grain gets the cancel.
        var status = await grains.GetGrain<Execution.IRunGrain>(runId).CancelAsync();
        return TypedResults.Accepted($"/api/v1/flex/runs/{runId}", new RunSummary
        {
            RunId = runId.ToString(), Status = status, Objective = run.Objective, CreatedAt = run.CreatedAt, UpdatedAt = run.UpdatedAt,
        });
    }

    public static ProblemHttpResult UnknownRun(Guid runId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown run", detail: $"No run {runId}.");
}
