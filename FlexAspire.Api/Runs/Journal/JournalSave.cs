using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace FlexAspire.Api.Runs.Journal;

/// How journal rows reach the database, for the journal writer's batches and for a run's intake: one transaction in
/// which EF Core saves the tracked changes (run rows, plan nodes, snapshots, HITL rows) and the append-only rows
/// (frames and outputs: most of the rows, never updated) are streamed by Npgsql's binary COPY, which PostgreSQL ingests
/// at a fraction of the cost of one INSERT statement per row (a save with only a few of them inserts them with the
/// rest: COPY costs two round trips more). The whole transaction is retried on a transient error by
/// the context's execution strategy; a unique violation of a copied row surfaces as a DbUpdateException, as it would
/// from SaveChanges.
public static class JournalSave
{
    public static async Task SaveAsync(FlexDbContext db, CancellationToken ct)
    {
        var (events, outputs) = AppendOnlyRowsToInsert(db);
        if (events.Count + outputs.Count < CopyFrom)
        {
            // A few rows (a run's intake: its row and `start`): EF's one batch is one round trip, COPY would add two.
            await db.SaveChangesAsync(ct);
            return;
        }
        foreach (var row in events.Cast<object>().Concat(outputs))
        {
            db.Entry(row).State = EntityState.Detached; // copied below, not inserted by SaveChanges
        }
        var tables = CopyStatements.For(db);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            // Parents first: a run's row may be inserted in this transaction (intake), its frames reference it.
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, token);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            try
            {
                await CopyAsync(connection, tables.Events, events, WriteEventAsync, token);
                await CopyAsync(connection, tables.Outputs, outputs, WriteOutputAsync, token);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new DbUpdateException($"A journal row already exists ({ex.ConstraintName}).", ex);
            }
            await transaction.CommitAsync(token);
        }, ct);
        db.ChangeTracker.AcceptAllChanges();
    }

    /// Fewer append-only rows than this are inserted by SaveChanges with the rest.
    private const int CopyFrom = 4;

    /// The frames and outputs the context would insert.
    private static (List<RunEventEntity> Events, List<RunOutputEntity> Outputs) AppendOnlyRowsToInsert(FlexDbContext db) =>
        (Added<RunEventEntity>(db), Added<RunOutputEntity>(db));

    private static List<T> Added<T>(FlexDbContext db) where T : class
    {
        var added = new List<T>();
        foreach (var entry in db.ChangeTracker.Entries<T>())
        {
            if (entry.State == EntityState.Added) added.Add(entry.Entity);
        }
        return added;
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string copy, List<T> rows,
        Func<NpgsqlBinaryImporter, T, CancellationToken, Task> write, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await write(importer, row, ct);
        }
        await importer.CompleteAsync(ct);
    }

    // Column order: CopyStatements.
    private static async Task WriteEventAsync(NpgsqlBinaryImporter importer, RunEventEntity e, CancellationToken ct)
    {
        await importer.WriteAsync(e.RunId, NpgsqlDbType.Uuid, ct);
        await importer.WriteAsync(e.Seq, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(e.Type, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(e.Payload, NpgsqlDbType.Jsonb, ct);
        await importer.WriteAsync(e.CreatedAt, NpgsqlDbType.TimestampTz, ct);
    }

    private static async Task WriteOutputAsync(NpgsqlBinaryImporter importer, RunOutputEntity o, CancellationToken ct)
    {
        await importer.WriteAsync(o.RunId, NpgsqlDbType.Uuid, ct);
        await importer.WriteAsync(o.Name, NpgsqlDbType.Varchar, ct);
        if (o.NodeId is null) await importer.WriteNullAsync(ct);
        else await importer.WriteAsync(o.NodeId, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(o.PlanVersion, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(o.Value, NpgsqlDbType.Jsonb, ct);
        await importer.WriteAsync(o.CreatedAt, NpgsqlDbType.TimestampTz, ct);
    }

    /// The COPY statements, with table and column names from the EF model (the naming convention decides them).
    private sealed record CopyStatements(string Events, string Outputs)
    {
        private static CopyStatements? _built;

        public static CopyStatements For(FlexDbContext db) => _built ??= new(
            Copy<RunEventEntity>(db, nameof(RunEventEntity.RunId), nameof(RunEventEntity.Seq), nameof(RunEventEntity.Type),
                nameof(RunEventEntity.Payload), nameof(RunEventEntity.CreatedAt)),
            Copy<RunOutputEntity>(db, nameof(RunOutputEntity.RunId), nameof(RunOutputEntity.Name), nameof(RunOutputEntity.NodeId),
                nameof(RunOutputEntity.PlanVersion), nameof(RunOutputEntity.Value), nameof(RunOutputEntity.CreatedAt)));

        private static string Copy<T>(FlexDbContext db, params string[] properties)
        {
            var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = properties.Select(p => "\"" + entity.FindProperty(p)!.GetColumnName(table) + "\"");
            return $"COPY \"{table.Name}\" ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)";
        }
    }
}
