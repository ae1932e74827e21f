namespace FlexAspire.Registry.Capabilities;

/// Reads and writes flex_capabilities. Timestamps come from the database clock so that the sweeper (which compares
/// with now() in SQL) and registration never disagree about time. Every statement that changes the set of active
/// capabilities or a registration's content bumps the registry generation in the same statement (so in the same
/// transaction); a heartbeat never does.
public sealed class CapabilityStore(RegistryDbContext db)
{
    public const string Active = "active";
    public const string Inactive = "inactive";

    // The wire record, built by Postgres from the stored registration plus the registry's own fields.
    private const string RecordJson = """
        registration || jsonb_build_object('status', status, 'registeredAt', registered_at, 'lastSeenAt', last_seen_at,
            'inputFacets', to_jsonb(input_facets), 'outputFacets', to_jsonb(output_facets))
        """;

    // Semver precedence for the common cases: numbers compare as numbers, a release ranks above its prereleases.
    private const string NewestFirst = """
        capability_id, version_major DESC, version_minor DESC, version_patch DESC, strpos(version, '-') = 0 DESC, version DESC
        """;

    internal const string CurrentGeneration = "(SELECT generation FROM flex_registry_generation WHERE id = 1)";

    private const string BumpGeneration = "UPDATE flex_registry_generation SET generation = generation + 1 WHERE id = 1";

    /// The heartbeat: a re-registration by the owner whose document is unchanged (same content hash) only moves
    /// lastSeenAt. Null when the stored row differs (new content, inactive, unknown, another owner): the caller
    /// validates and upserts instead (where ownership is decided).
    public async Task<StoredRecord?> HeartbeatAsync(string capabilityId, string version, string contentHash, string owner,
        CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<StoredJson>($$"""
            UPDATE flex_capabilities SET last_seen_at = now()
            WHERE capability_id = {0} AND version = {1} AND content_hash = {2} AND status = '{{Active}}' AND owner = {3}
            RETURNING {{RecordJson}} AS json, {{CurrentGeneration}} AS generation
            """, capabilityId, version, contentHash, owner).ToListAsync(ct);
        return rows.Count == 0 ? null : new StoredRecord(ToRecord(rows[0].Json), rows[0].Generation);
    }

    /// The registration by `owner` (a registry credential, RegistryTokenFilter.Owner), or null when another owner
    /// holds the capability id: no version of it is written. Registrations of one id are serialised by an advisory
    /// lock, so two owners racing for a new id cannot both win.
    public Task<StoredRecord?> UpsertAsync(ValidatedRegistration valid, string contentHash, string owner, CancellationToken ct) =>
        // The connection's retrying execution strategy runs a user transaction only as one retriable unit.
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext({0}))", [valid.Registration.CapabilityId], ct);
            if (await OwnerOfAsync(valid.Registration.CapabilityId, ct) is { } holder && holder != owner)
            {
                return null;
            }
            var upserted = await UpsertOwnedAsync(valid, contentHash, owner, ct);
            await transaction.CommitAsync(ct);
            return (StoredRecord?)upserted;
        });

    /// The owner of a capability id (null: unregistered, or registered before ownership existed).
    public async Task<string?> OwnerOfAsync(string capabilityId, CancellationToken ct) =>
        await db.Capabilities.Where(c => c.CapabilityId == capabilityId && c.Owner != null).Select(c => c.Owner).FirstOrDefaultAsync(ct);

    /// One atomic INSERT … ON CONFLICT plus the generation bump: concurrent registrations of one id+version all
    /// succeed and leave one row; re-registering reactivates an inactive record.
    private async Task<StoredRecord> UpsertOwnedAsync(ValidatedRegistration valid, string contentHash, string owner, CancellationToken ct)
    {
        var r = valid.Registration;
        var document = JsonSerializer.Serialize(r, FlexJsonContext.Default.CapabilityRegistration);
        var inputFacets = valid.Input?.Facets.ToArray() ?? [];
        var outputFacets = valid.Output.Facets.ToArray();
        var inputSchema = valid.Input?.Schema.ToJsonString();
        var outputSchema = valid.Output.Schema.ToJsonString();
        // Raw SQL with positional parameters ({0}…) because RETURNING reuses the RecordJson fragment.
        var rows = await db.Database.SqlQueryRaw<StoredJson>($$"""
            WITH upserted AS (
                INSERT INTO flex_capabilities AS c (capability_id, version, version_major, version_minor, version_patch,
                    status, kind, agent_type, registration, input_facets, output_facets, heartbeat_timeout_seconds,
                    input_schema, output_schema, registered_at, last_seen_at, content_hash, owner)
                VALUES ({0}, {1}, {2}, {3}, {4}, '{{Active}}', {5}, {6}, {7}::jsonb, {8}, {9}, {10},
                    {11}::jsonb, {12}::jsonb, now(), now(), {13}, {14})
                ON CONFLICT (capability_id, version) DO UPDATE SET
                    status = EXCLUDED.status, kind = EXCLUDED.kind, agent_type = EXCLUDED.agent_type,
                    registration = EXCLUDED.registration, input_facets = EXCLUDED.input_facets,
                    output_facets = EXCLUDED.output_facets, heartbeat_timeout_seconds = EXCLUDED.heartbeat_timeout_seconds,
                    input_schema = EXCLUDED.input_schema, output_schema = EXCLUDED.output_schema,
                    last_seen_at = EXCLUDED.last_seen_at, content_hash = EXCLUDED.content_hash, owner = EXCLUDED.owner
                RETURNING {{RecordJson}} AS json),
            bumped AS ({{BumpGeneration}} RETURNING generation)
            SELECT u.json, b.generation AS generation FROM upserted u CROSS JOIN bumped b
            """, r.CapabilityId, r.Version, valid.Version.Major, valid.Version.Minor, valid.Version.Patch, valid.Kind, valid.AgentType,
            document, inputFacets, outputFacets, (object?)valid.HeartbeatTimeoutSeconds ?? DBNull.Value,
            (object?)inputSchema ?? DBNull.Value, outputSchema, contentHash, owner).ToListAsync(ct);
        var row = rows.Single();
        return new StoredRecord(ToRecord(row.Json), row.Generation);
    }

    public Task<long> GenerationAsync(CancellationToken ct) =>
        db.Database.SqlQueryRaw<long>($"SELECT generation AS \"Value\" FROM flex_registry_generation WHERE id = 1")
            .SingleAsync(ct);

    /// One page (or all) of the capabilities with a status, as the JSON array the API serves, built by Postgres and
    /// read with the generation in one statement, so the two always agree. `active`: the newest active version of each
    /// capability (what planners use); `inactive`/`all`: every version. A page holds up to `limit` capability ids
    /// greater than `after` (every matching version of each).
    public async Task<CapabilityListing> ListAsync(string status, string? after, int? limit, CancellationToken ct)
    {
        var filter = status switch { Active => $"status = '{Active}'", Inactive => $"status = '{Inactive}'", _ => "true" };
        var ids = $$"""
            SELECT DISTINCT capability_id FROM flex_capabilities
            WHERE {{filter}} AND ({0}::text IS NULL OR capability_id > {0}) ORDER BY capability_id LIMIT {1}
            """;
        var rows = status == Active
            ? $"SELECT DISTINCT ON (capability_id) capability_id, {RecordJson} AS value, " +
              $"row_number() OVER (ORDER BY {NewestFirst}) AS ord FROM flex_capabilities WHERE {filter} " +
              $"AND capability_id IN ({ids}) ORDER BY {NewestFirst}"
            : $"SELECT capability_id, {RecordJson} AS value, row_number() OVER (ORDER BY {NewestFirst}) AS ord " +
              $"FROM flex_capabilities WHERE {filter} AND capability_id IN ({ids})";
        // Only this class's constant fragments are spliced in; the caller's values are parameters {0} and {1}.
#pragma warning disable EF1002
        var listing = await db.Database.SqlQueryRaw<CapabilityListing>($"""
            SELECT {CurrentGeneration} AS generation,
                   coalesce(json_agg(r.value ORDER BY r.ord), '[]')::text AS json,
                   count(DISTINCT r.capability_id)::int AS capabilities,
                   max(r.capability_id) AS last_capability_id
            FROM ({rows}) r
            """, (object?)after ?? DBNull.Value, (object?)limit ?? DBNull.Value).SingleAsync(ct);
#pragma warning restore EF1002
        return listing;
    }

    /// Every version of one capability, newest first.
    public async Task<List<CapabilityRecord>> VersionsAsync(string capabilityId, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<string>(
            $"SELECT {RecordJson} AS \"Value\" FROM flex_capabilities WHERE capability_id = {{0}} ORDER BY {NewestFirst}", capabilityId)
            .ToListAsync(ct)).ConvertAll(ToRecord);

    // ToListAsync, not SingleAsync: EF would wrap the statement in a subquery, where Postgres refuses data-modifying CTEs.
    // Only the owner's rows (and rows nobody owns yet) are deleted.
    public async Task<int> DeleteAsync(string capabilityId, string? version, string owner, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<int>($$"""
            WITH deleted AS (
                DELETE FROM flex_capabilities WHERE capability_id = {0} AND ({1}::text IS NULL OR version = {1})
                    AND (owner IS NULL OR owner = {2})
                RETURNING 1),
            bumped AS ({{BumpGeneration}} AND EXISTS (SELECT 1 FROM deleted))
            SELECT count(*)::int AS "Value" FROM deleted
            """, capabilityId, (object?)version ?? DBNull.Value, owner).ToListAsync(ct)).Single();

    /// Marks capabilities inactive once lastSeenAt + their heartbeat timeout has passed, bumping the generation when
    /// any lapsed. One statement, so any number of registry replicas can sweep at once without coordination.
    public async Task<int> ExpireLapsedAsync(CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<int>($"""
            WITH expired AS (
                UPDATE flex_capabilities SET status = '{Inactive}'
                WHERE status = '{Active}' AND heartbeat_timeout_seconds IS NOT NULL
                  AND last_seen_at + make_interval(secs => heartbeat_timeout_seconds) < now()
                RETURNING 1),
            bumped AS ({BumpGeneration} AND EXISTS (SELECT 1 FROM expired))
            SELECT count(*)::int AS "Value" FROM expired
            """).ToListAsync(ct)).Single();

    /// Counts with the generation they were read at (one statement), so callers can cache them per generation.
    public Task<GenerationCounts> CountsAsync(CancellationToken ct) =>
        db.Database.SqlQueryRaw<GenerationCounts>($"""
            SELECT {CurrentGeneration} AS generation, count(*)::int AS count,
                   (count(*) FILTER (WHERE status = '{Active}'))::int AS active
            FROM flex_capabilities
            """).SingleAsync(ct);

    private static CapabilityRecord ToRecord(string json) =>
        JsonSerializer.Deserialize(json, FlexJsonContext.Default.CapabilityRecord)!;
}

/// A record with the registry generation right after the statement that wrote it.
public sealed record StoredRecord(CapabilityRecord Record, long Generation);

/// Rows of the raw queries below: their columns are snake_case (json, generation, …), as the DbContext's naming
/// convention maps properties to columns for unmapped query types too.
internal sealed record StoredJson
{
    public required string Json { get; init; }
    public long Generation { get; init; }
}

/// A listing as served: the JSON array text, the generation it was read at, and where the next page starts.
public sealed record CapabilityListing
{
    public long Generation { get; init; }
    public required string Json { get; init; }
    public int Capabilities { get; init; }
    public string? LastCapabilityId { get; init; }
}

public sealed record GenerationCounts
{
    public long Generation { get; init; }
    public int Count { get; init; }
    public int Active { get; init; }
}
