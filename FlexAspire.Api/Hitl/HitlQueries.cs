using FlexAspire.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexAspire.Api.Hitl;

/// Work lists for people, filtered and sorted in SQL. Open work of a run that already ended is never listed.
public static class HitlQueries
{
    /// `runId` narrows to one run's tasks; inputs are shown with secret-looking values redacted, as in GET runs/{id}.
    /// `view=awesomeposter` answers in the existing system's shape (AwesomePosterViews), its status words accepted.
    public static async Task<Results<Ok<List<HumanTask>>, Ok<JsonObject>, ValidationProblem>> ListTasks(
        FlexDbContext db, SecretRedactor redactor, string? assignedTo, string? role, string? status, string? runId, int? limit, CancellationToken ct,
        string? view = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (view is not (null or AwesomePosterViews.Name))
            errors["view"] = [$"view must be '{AwesomePosterViews.Name}' or absent."];
        if (view is not null)
            status = AwesomePosterViews.TaskStatusFromTheirs(status);
        var wanted = HumanTaskStatus.Pending;
        if (status is not null && !WireNames<HumanTaskStatus>.TryParse(status, out wanted))
            errors["status"] = [$"status must be one of {string.Join(", ", WireNames<HumanTaskStatus>.All)}."];
        Guid? run = null;
        if (runId is not null)
        {
            if (Guid.TryParse(runId, out var parsed)) run = parsed;
            else errors["runId"] = ["runId must be a run id (a UUID)."];
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var take = Math.Clamp(limit ?? 100, 1, 500);
        var query = db.HumanTasks.AsNoTracking().Where(t => t.Status == wanted);
        if (run is { } only)
            query = query.Where(t => t.RunId == only);
        if (wanted == HumanTaskStatus.Pending)
            query = query.Where(t => db.Runs.Any(r => r.Id == t.RunId && (r.Status == RunStatus.AwaitingHuman || r.Status == RunStatus.AwaitingHitl || r.Status == RunStatus.Running)));
        if (role is { Length: > 0 })
            query = query.Where(t => t.Role == role);
        if (assignedTo is { Length: > 0 })
            query = query.Where(t => t.AssignedTo == assignedTo);
        var rows = await query.OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id).Take(take).ToListAsync(ct);
        var tasks = rows.Select(HumanTaskViews.ToWire).Select(t => t with { Inputs = redactor.Redact(t.Inputs)! }).ToList();
        return view is null ? TypedResults.Ok(tasks) : TypedResults.Ok(AwesomePosterViews.Tasks(tasks));
    }

    /// Pending HITL requests, flex and legacy alike, oldest first; `runId` narrows to one run.
    public static async Task<Ok<List<HitlRequest>>> ListPending(FlexDbContext db, string? runId, CancellationToken ct)
    {
        var query = db.HitlRequests.AsNoTracking().Where(r => r.Status == HitlStatuses.Pending);
        if (runId is { Length: > 0 })
            query = query.Where(r => r.RunId == runId);
        var rows = await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(500).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(HitlRequestRecords.ToWire).ToList());
    }
}
