using System.Security.Cryptography;
using FlexAspire.Api.Envelopes;
using FlexAspire.Api.Runs.Journal;
using FlexAspire.Api.Runs.Streaming;
using FlexAspire.Contracts.Facets;
using Npgsql;

namespace FlexAspire.Api.Runs;

/// What happened to a submitted envelope before any byte of the stream.
public abstract record IntakeOutcome
{
    public sealed record Accepted(Guid RunId, bool Replayed) : IntakeOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : IntakeOutcome;
    public sealed record Conflict(string Detail) : IntakeOutcome;
    public sealed record Busy : IntakeOutcome;

    /// `constraints.resumeRunId` names an existing run: its stream is followed from after its latest pause.
    public sealed record Resumed(Guid RunId, long After) : IntakeOutcome;
    public sealed record UnknownRun(string RunId) : IntakeOutcome;
}

/// Validates an envelope and creates its run (row + first frame, one transaction), or finds the run an
/// Idempotency-Key already names. Nothing is written for an invalid envelope.
public sealed class RunIntake(FlexDbContext db, RunCoordinator coordinator, NewRunStates newRuns, IGrainFactory grains, ILocalSiloDetails silo, RunFrameHub hub, RunTelemetry telemetry,
    TimeProvider clock)
{
    public async Task<IntakeOutcome> SubmitAsync(byte[] body, string? idempotencyKey, string? correlationId, CancellationToken ct)
    {
        var original = body;
        if (Compatible(body) is { } compatible)
        {
            if (compatible.Errors.Count > 0)
                return new IntakeOutcome.Invalid(compatible.Errors);
            body = compatible.Body ?? body;
        }
        var read = ContractReader.Read(body, FlexJsonContext.Default.TaskEnvelope);
        if (!read.IsValid)
        {
            return new IntakeOutcome.Invalid(read.Errors);
        }
        var envelope = read.Value;
        var errors = EnvelopeValidator.Validate(envelope, FacetCatalog.All);
        if (errors.Count > 0)
        {
            return new IntakeOutcome.Invalid(errors);
        }

        if (envelope.Constraints?["resumeRunId"] is JsonValue resume && resume.GetValueKind() == JsonValueKind.String)
        {
            return await ResumeAsync(resume.GetValue<string>(), ct);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(original));
        if (idempotencyKey is not null && await FindByKeyAsync(idempotencyKey, hash, ct) is { } existing)
        {
            return existing;
        }
        if (!coordinator.TryReserve())
        {
            return new IntakeOutcome.Busy();
        }

        var now = clock.GetUtcNow();
        var run = new RunEntity
        {
            Id = Guid.CreateVersion7(now),
            Status = RunStatus.Pending,
            Objective = envelope.Objective,
            Envelope = JsonSerializer.Serialize(envelope, FlexJsonContext.Default.TaskEnvelope),
            CorrelationId = correlationId ?? envelope.Metadata?.CorrelationId,
            ThreadId = envelope.Constraints?["threadId"]?.GetValueKind() == JsonValueKind.String
                ? envelope.Constraints["threadId"]!.GetValue<string>() : null,
            IdempotencyKey = idempotencyKey,
            RequestHash = hash,
            // The run executes on a background worker: its root span continues from this request's span.
            TraceId = Activity.Current?.TraceId.ToString() ?? ActivityTraceId.CreateRandom().ToString(),
            TraceParentSpanId = Activity.Current?.SpanId.ToString() ?? ActivitySpanId.CreateRandom().ToString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        run.CorrelationId ??= run.Id.ToString();
        db.Runs.Add(run);
        var firstFrames = JournalFrames.Append(db, run, [new PendingFrame(FlexEventTypes.Start, Message: "Run accepted",
            Payload: StartPayload(run, envelope))], null, now);
        try
        {
            await JournalSave.SaveAsync(db, ct);
        }
        catch (DbUpdateException ex) when (idempotencyKey is not null && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two submissions with one key raced; the other one created the run.
            coordinator.Release();
            db.ChangeTracker.Clear();
            return await FindByKeyAsync(idempotencyKey, hash, ct) ?? new IntakeOutcome.Conflict("The Idempotency-Key is in use.");
        }
        catch
        {
            // Whatever else fails (the client went away, the database), the backlog slot is given back: a request
            // must never be able to shrink the backlog for everyone.
            coordinator.Release();
            throw;
        }
        telemetry.RunsStarted.Add(1);
        // The run's grain executes it (placed on this replica, which holds its backlog slot).
        try
        {
            // Its stream here starts from the frame just written (no read), subscribed before the run starts.
            await hub.SeedAsync(run.Id, new StreamIdentity(run.CorrelationId, run.TraceId, run.Status, run.LastSeq), firstFrames);
            db.Entry(run).State = EntityState.Detached; // handed to the execution, which reads it on another thread
            newRuns.Offer(RunState.Unplanned(run, envelope));
            if (!await grains.GetGrain<IRunGrain>(run.Id).StartAsync(silo.SiloAddress.ToParsableString()))
            {
                coordinator.Release();
                newRuns.Take(run.Id); // executed on another replica, from the database
            }
        }
        catch
        {
            newRuns.Take(run.Id);
            coordinator.Release(); // the grain call failed, so nothing holds the slot (the run is picked up later)
            throw;
        }
        return new IntakeOutcome.Accepted(run.Id, Replayed: false);
    }

    private async Task<IntakeOutcome?> FindByKeyAsync(string key, string hash, CancellationToken ct)
    {
        var existing = await db.Runs.AsNoTracking()
            .Where(r => r.IdempotencyKey == key)
            .Select(r => new { r.Id, r.RequestHash })
            .FirstOrDefaultAsync(ct);
        return existing switch
        {
            null => null,
            { RequestHash: var h } when h == hash => new IntakeOutcome.Accepted(existing.Id, Replayed: true),
            _ => new IntakeOutcome.Conflict($"Idempotency-Key '{IdempotencyKeys.Unscoped(key)}' was used for a different request body (run {existing.Id})."),
        };
    }

    // The existing system's clients continue a paused run by posting its envelope again with constraints.resumeRunId:
    // the run is not started twice; the caller follows it from after its latest pause (the whole run when it never
    // paused), until the next `complete`.
    private async Task<IntakeOutcome> ResumeAsync(string resumeRunId, CancellationToken ct)
    {
        if (!Guid.TryParse(resumeRunId, out var runId))
            return new IntakeOutcome.Invalid(new() { ["constraints.resumeRunId"] = [$"'{resumeRunId}' is not a run id."] });
        if (!await db.Runs.AsNoTracking().AnyAsync(r => r.Id == runId, ct))
            return new IntakeOutcome.UnknownRun(resumeRunId);
        var completes = await db.RunEvents.AsNoTracking().Where(e => e.RunId == runId && e.Type == FlexEventTypes.Complete)
            .OrderByDescending(e => e.Seq).Take(MaxCompletesScanned).Select(e => new { e.Seq, e.Payload }).ToListAsync(ct);
        var pause = completes.FirstOrDefault(c => JsonNode.Parse(c.Payload)?["payload"]?["status"]?.GetValue<string>()
            is { } status && (status == RunStatus.AwaitingHitl.ToWire() || status == RunStatus.AwaitingHuman.ToWire()));
        return new IntakeOutcome.Resumed(runId, pause?.Seq ?? 0);
    }

    // A run pauses at most once per HITL request or task, both bounded per run; this only bounds the query.
    private const int MaxCompletesScanned = 64;

    // runId and threadId: the existing system's listeners read them from the start frame's payload.
    private static JsonObject StartPayload(RunEntity run, TaskEnvelope envelope)
    {
        var payload = new JsonObject { ["objective"] = envelope.Objective, ["status"] = RunStatus.Pending.ToWire(), ["runId"] = run.Id.ToString() };
        if (run.ThreadId is { } threadId)
            payload["threadId"] = threadId;
        return payload;
    }

    /// The body with the existing system's envelope forms rewritten to ours (docs/compatibility.md).
    private static (byte[]? Body, Dictionary<string, string[]> Errors)? Compatible(byte[] body) =>
        EnvelopeCompatibility.Apply(body, EnvelopeCompatibility.Normalize);
}
