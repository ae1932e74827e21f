namespace FlexAspire.Api.Runs.Journal;

/// The run rows the journal writer attaches to a batch, without their large columns (envelope, output, error):
/// attached as read, so only what a change sets is updated, and the row version guards against a concurrent writer.
/// A run executing here is written through this writer only (its grain is its one executor), so after a commit the
/// writer knows the row as committed, row version included, and the run's next batch attaches that copy instead of
/// reading the row again (one query per batch was the writer's largest cost). Had anything else changed the row
/// meanwhile, the row version makes the UPDATE match nothing: the writer forgets the copy and retries from a fresh
/// read. Used by the writer's loop only, one batch at a time.
internal sealed class RunHeaders(int capacity)
{
    private readonly Dictionary<Guid, RunEntity> _committed = [];

    /// Each run's row, attached to `db`: the copy kept from the last commit, or read (one query for all missing).
    public async Task<Dictionary<Guid, RunEntity>> AttachAsync(FlexDbContext db, IReadOnlyCollection<Guid> ids)
    {
        var rows = new Dictionary<Guid, RunEntity>(ids.Count);
        List<Guid>? missing = null;
        foreach (var id in ids)
        {
            if (_committed.TryGetValue(id, out var known)) rows[id] = Copy(known);
            else (missing ??= []).Add(id);
        }
        if (missing is not null)
        {
            var read = await db.Runs.AsNoTracking().Where(r => missing.Contains(r.Id)).Select(r => new RunEntity
            {
                Id = r.Id, Status = r.Status, Objective = r.Objective, Envelope = "", CorrelationId = r.CorrelationId, ThreadId = r.ThreadId,
                PlanVersion = r.PlanVersion, TokensUsed = r.TokensUsed, LastSeq = r.LastSeq, TraceId = r.TraceId,
                TraceParentSpanId = r.TraceParentSpanId, CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt, CompletedAt = r.CompletedAt,
                RowVersion = r.RowVersion,
            }).ToListAsync();
            foreach (var row in read) rows[row.Id] = row;
        }
        foreach (var row in rows.Values)
        {
            db.Runs.Attach(row);
        }
        return rows;
    }

    /// The row as its batch committed it (its new row version included); `ended`: the run wrote its `complete`, and
    /// its next execution may be on another replica, so the copy is dropped.
    public void Committed(RunEntity row, bool ended)
    {
        if (ended)
        {
            _committed.Remove(row.Id);
            return;
        }
        if (_committed.Count >= capacity && !_committed.ContainsKey(row.Id))
        {
            _committed.Clear(); // bounded: runs that stopped writing here without a `complete` do not pile up
        }
        _committed[row.Id] = Copy(row);
    }

    public void Forget(Guid runId) => _committed.Remove(runId);

    private static RunEntity Copy(RunEntity r) => new()
    {
        Id = r.Id, Status = r.Status, Objective = r.Objective, Envelope = "", CorrelationId = r.CorrelationId, ThreadId = r.ThreadId,
        PlanVersion = r.PlanVersion, TokensUsed = r.TokensUsed, LastSeq = r.LastSeq, TraceId = r.TraceId,
        TraceParentSpanId = r.TraceParentSpanId, CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt, CompletedAt = r.CompletedAt,
        RowVersion = r.RowVersion,
    };
}
