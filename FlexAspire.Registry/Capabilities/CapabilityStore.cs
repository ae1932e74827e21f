using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// One atomic INSERT … ON CONFLICT: concurrent registrations of one id+version all succeed and leave one row;
    /// re-registering is the heartbeat (lastSeenAt) and reactivates an inactive record.
    public async Task<CapabilityRecord> UpsertAsync(ValidatedRegistration valid, CancellationToken ct)
    {
        var r = valid.Registration;
        var document = JsonSerializer.Serialize(r, FlexJsonContext.Default.CapabilityRegistration);
        var inputFacets = valid.Input?.Facets.ToArray() ?? [];
        var outputFacets = valid.Output.Facets.ToArray();
        var inputSchema = valid.Input?.Schema.ToJsonString();
        var outputSchema = valid.Output.Schema.ToJsonString();
        var kind = JsonSerializer.Serialize(r.Kind, FlexJson.Options).Trim('"');
        var agentType = JsonSerializer.Serialize(r.AgentType, FlexJson.Options).Trim('"');
        var rows = await db.Capabilities.FromSql($"""
            INSERT INTO flex_capabilities AS c (capability_id, version, version_major, version_minor, version_patch,
                status, kind, agent_type, registration, input_facets, output_facets, heartbeat_timeout_seconds,
                input_schema, output_schema, registered_at, last_seen_at)
            VALUES ({r.CapabilityId}, {r.Version}, {valid.Version.Major}, {valid.Version.Minor}, {valid.Version.Patch},
                {Active}, {kind}, {agentType}, {document}::jsonb, {inputFacets}, {outputFacets},
                {valid.HeartbeatTimeoutSeconds}, {inputSchema}::jsonb, {outputSchema}::jsonb, now(), now())
            ON CONFLICT (capability_id, version) DO UPDATE SET
                status = EXCLUDED.status, kind = EXCLUDED.kind, agent_type = EXCLUDED.agent_type,
                registration = EXCLUDED.registration, input_facets = EXCLUDED.input_facets,
                output_facets = EXCLUDED.output_facets, heartbeat_timeout_seconds = EXCLUDED.heartbeat_timeout_seconds,
                input_schema = EXCLUDED.input_schema, output_schema = EXCLUDED.output_schema,
                last_seen_at = EXCLUDED.last_seen_at
            RETURNING c.*
            """).AsNoTracking().ToListAsync(ct);
        return ToRecord(rows.Single());
    }

    /// `active`: the newest active version of each capability (what planners use); `inactive`/`all`: every version.
    public async Task<List<CapabilityRecord>> ListAsync(string status, CancellationToken ct)
    {
        var rows = status switch
        {
            Active => await db.Capabilities.FromSql($"""
                SELECT DISTINCT ON (capability_id) * FROM flex_capabilities WHERE status = {Active}
                ORDER BY capability_id, version_major DESC, version_minor DESC, version_patch DESC,
                         strpos(version, '-') = 0 DESC, version DESC
                """).AsNoTracking().ToListAsync(ct),
            Inactive => await NewestFirst(db.Capabilities.Where(c => c.Status == Inactive)).ToListAsync(ct),
            _ => await NewestFirst(db.Capabilities).ToListAsync(ct),
        };
        return rows.ConvertAll(ToRecord);
    }

    /// Every version of one capability, newest first.
    public async Task<List<CapabilityRecord>> VersionsAsync(string capabilityId, CancellationToken ct) =>
        (await NewestFirst(db.Capabilities.Where(c => c.CapabilityId == capabilityId)).ToListAsync(ct)).ConvertAll(ToRecord);

    public Task<int> DeleteAsync(string capabilityId, string? version, CancellationToken ct) =>
        db.Capabilities.Where(c => c.CapabilityId == capabilityId && (version == null || c.Version == version))
            .ExecuteDeleteAsync(ct);

    public async Task<RegistryCounts> CountsAsync(CancellationToken ct)
    {
        var counts = await db.Capabilities.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Active = g.Count(c => c.Status == Active) })
            .FirstOrDefaultAsync(ct);
        return new RegistryCounts { Active = counts?.Active ?? 0, Count = counts?.Count ?? 0 };
    }

    // Semver precedence for the common cases: numbers compare as numbers, a release ranks above its prereleases.
    private static IQueryable<CapabilityEntity> NewestFirst(IQueryable<CapabilityEntity> query) => query.AsNoTracking()
        .OrderBy(c => c.CapabilityId).ThenByDescending(c => c.VersionMajor).ThenByDescending(c => c.VersionMinor)
        .ThenByDescending(c => c.VersionPatch).ThenBy(c => c.Version.Contains("-")).ThenByDescending(c => c.Version);

    // The stored registration plus the registry's own fields is exactly a CapabilityRecord.
    private static CapabilityRecord ToRecord(CapabilityEntity e)
    {
        var json = JsonNode.Parse(e.Registration)!.AsObject();
        json["status"] = e.Status;
        json["registeredAt"] = e.RegisteredAt;
        json["lastSeenAt"] = e.LastSeenAt;
        json["inputFacets"] = new JsonArray(e.InputFacets.Select(f => (JsonNode)f).ToArray());
        json["outputFacets"] = new JsonArray(e.OutputFacets.Select(f => (JsonNode)f).ToArray());
        return json.Deserialize(FlexJsonContext.Default.CapabilityRecord)!;
    }
}
