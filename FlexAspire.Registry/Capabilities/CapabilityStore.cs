using System.Text.Json;
using FlexAspire.Contracts.Capabilities;
using FlexAspire.Contracts.Serialization;
using FlexAspire.Registry.Data;
using Microsoft.EntityFrameworkCore;

namespace FlexAspire.Registry.Capabilities;

/// Reads and writes flex_capabilities. Timestamps come from the database clock so that the sweeper (which compares
/// with now() in SQL) and registration never disagree about time.
public sealed class CapabilityStore(RegistryDbContext db)
{
    public const string Active = "active";
    public const string Inactive = "inactive";

    // The wire record, built by Postgres from the stored registration plus the registry's own fields; .NET only
    // deserializes it (listing 10,000 capabilities spends its time here, see bench/).
    private const string RecordJson = """
        registration || jsonb_build_object('status', status, 'registeredAt', registered_at, 'lastSeenAt', last_seen_at,
            'inputFacets', to_jsonb(input_facets), 'outputFacets', to_jsonb(output_facets)) AS "Value"
        """;

    // Semver precedence for the common cases: numbers compare as numbers, a release ranks above its prereleases.
    private const string NewestFirst = """
        capability_id, version_major DESC, version_minor DESC, version_patch DESC, strpos(version, '-') = 0 DESC, version DESC
        """;

    /// One atomic INSERT … ON CONFLICT: concurrent registrations of one id+version all succeed and leave one row;
    /// re-registering is the heartbeat (lastSeenAt) and reactivates an inactive record. Null when another owner
    /// (registry credential) holds the capability id: no version of it is written. Registrations of one id are
    /// serialised by an advisory lock, so two owners racing for a new id cannot both win.
    public Task<CapabilityRecord?> UpsertAsync(ValidatedRegistration valid, string owner, CancellationToken ct) =>
        // The connection's retrying execution strategy runs a user transaction only as one retriable unit.
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext({0}))", [valid.Registration.CapabilityId], ct);
            if (await OwnerOfAsync(valid.Registration.CapabilityId, ct) is { } holder && holder != owner)
            {
                return null;
            }
            var upserted = await UpsertOwnedAsync(valid, owner, ct);
            await transaction.CommitAsync(ct);
            return (CapabilityRecord?)upserted;
        });

    /// The owner of a capability id (null: unregistered, or registered before ownership existed).
    public async Task<string?> OwnerOfAsync(string capabilityId, CancellationToken ct) =>
        await db.Capabilities.Where(c => c.CapabilityId == capabilityId && c.Owner != null).Select(c => c.Owner).FirstOrDefaultAsync(ct);

    private async Task<CapabilityRecord> UpsertOwnedAsync(ValidatedRegistration valid, string owner, CancellationToken ct)
    {
        var r = valid.Registration;
        var document = JsonSerializer.Serialize(r, FlexJsonContext.Default.CapabilityRegistration);
        var inputFacets = valid.Input?.Facets.ToArray() ?? [];
        var outputFacets = valid.Output.Facets.ToArray();
        var inputSchema = valid.Input?.Schema.ToJsonString();
        var outputSchema = valid.Output.Schema.ToJsonString();
        // Raw SQL with positional parameters ({0}…) because RETURNING reuses the RecordJson fragment.
        var record = await db.Database.SqlQueryRaw<string>($$"""
            INSERT INTO flex_capabilities AS c (capability_id, version, version_major, version_minor, version_patch,
                status, kind, agent_type, registration, input_facets, output_facets, heartbeat_timeout_seconds,
                input_schema, output_schema, registered_at, last_seen_at, owner)
            VALUES ({0}, {1}, {2}, {3}, {4}, '{{Active}}', {5}, {6}, {7}::jsonb, {8}, {9}, {10},
                {11}::jsonb, {12}::jsonb, now(), now(), {13})
            ON CONFLICT (capability_id, version) DO UPDATE SET
                status = EXCLUDED.status, kind = EXCLUDED.kind, agent_type = EXCLUDED.agent_type,
                registration = EXCLUDED.registration, input_facets = EXCLUDED.input_facets,
                output_facets = EXCLUDED.output_facets, heartbeat_timeout_seconds = EXCLUDED.heartbeat_timeout_seconds,
                input_schema = EXCLUDED.input_schema, output_schema = EXCLUDED.output_schema,
                last_seen_at = EXCLUDED.last_seen_at, owner = EXCLUDED.owner
            RETURNING {{RecordJson}}
            """, r.CapabilityId, r.Version, valid.Version.Major, valid.Version.Minor, valid.Version.Patch, valid.Kind, valid.AgentType,
            document, inputFacets, outputFacets, (object?)valid.HeartbeatTimeoutSeconds ?? DBNull.Value,
            (object?)inputSchema ?? DBNull.Value, outputSchema, owner).ToListAsync(ct);
        return ToRecord(record.Single());
    }

    /// `active`: the newest active version of each capability (what planners use); `inactive`/`all`: every version.
    public async Task<List<CapabilityRecord>> ListAsync(string status, CancellationToken ct)
    {
        var records = status switch
        {
            Active => db.Database.SqlQueryRaw<string>(
                $"SELECT DISTINCT ON (capability_id) {RecordJson} FROM flex_capabilities WHERE status = '{Active}' ORDER BY {NewestFirst}"),
            Inactive => db.Database.SqlQueryRaw<string>(
                $"SELECT {RecordJson} FROM flex_capabilities WHERE status = '{Inactive}' ORDER BY {NewestFirst}"),
            _ => db.Database.SqlQueryRaw<string>($"SELECT {RecordJson} FROM flex_capabilities ORDER BY {NewestFirst}"),
        };
        return (await records.ToListAsync(ct)).ConvertAll(ToRecord);
    }

    /// Every version of one capability, newest first.
    public async Task<List<CapabilityRecord>> VersionsAsync(string capabilityId, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<string>(
            $"SELECT {RecordJson} FROM flex_capabilities WHERE capability_id = {{0}} ORDER BY {NewestFirst}", capabilityId)
            .ToListAsync(ct)).ConvertAll(ToRecord);

    /// Only the owner's rows (and rows nobody owns yet) are deleted.
    public Task<int> DeleteAsync(string capabilityId, string? version, string owner, CancellationToken ct) =>
        db.Capabilities.Where(c => c.CapabilityId == capabilityId && (version == null || c.Version == version) && (c.Owner == null || c.Owner == owner))
            .ExecuteDeleteAsync(ct);

    public async Task<RegistryCounts> CountsAsync(CancellationToken ct)
    {
        var counts = await db.Capabilities.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Active = g.Count(c => c.Status == Active) })
            .FirstOrDefaultAsync(ct);
        return new RegistryCounts { Active = counts?.Active ?? 0, Count = counts?.Count ?? 0 };
    }

    private static CapabilityRecord ToRecord(string json) =>
        JsonSerializer.Deserialize(json, FlexJsonContext.Default.CapabilityRecord)!;
}
