using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlexAspire.Registry.Data;

/// One row per capability id and version; the registration document is kept whole as jsonb.
public sealed class CapabilityEntity
{
    public required string CapabilityId { get; set; }
    public required string Version { get; set; }
    public int VersionMajor { get; set; }
    public int VersionMinor { get; set; }
    public int VersionPatch { get; set; }
    public required string Status { get; set; }
    public required string Kind { get; set; }
    public required string AgentType { get; set; }
    public required string Registration { get; set; }
    public string[] InputFacets { get; set; } = [];
    public string[] OutputFacets { get; set; } = [];
    /// Seconds after lastSeenAt when the capability lapses; null = it never expires.
    public int? HeartbeatTimeoutSeconds { get; set; }
    /// The contracts compiled to JSON Schema at registration (facet contracts expanded from the catalog).
    public string? InputSchema { get; set; }
    public string? OutputSchema { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// SHA-256 of the registration document as received (and of the facet catalog it was compiled against): a
    /// re-registration with the same hash is a heartbeat, one small UPDATE with no validation and no generation change.
    public string? ContentHash { get; set; }
}

internal sealed class CapabilityEntityConfiguration : IEntityTypeConfiguration<CapabilityEntity>
{
    public void Configure(EntityTypeBuilder<CapabilityEntity> b)
    {
        b.ToTable("flex_capabilities");
        b.HasKey(c => new { c.CapabilityId, c.Version });
        b.Property(c => c.CapabilityId).HasColumnName("capability_id").HasMaxLength(200);
        b.Property(c => c.Version).HasColumnName("version").HasMaxLength(64);
        b.Property(c => c.VersionMajor).HasColumnName("version_major");
        b.Property(c => c.VersionMinor).HasColumnName("version_minor");
        b.Property(c => c.VersionPatch).HasColumnName("version_patch");
        b.Property(c => c.Status).HasColumnName("status").HasMaxLength(16);
        b.Property(c => c.Kind).HasColumnName("kind").HasMaxLength(32);
        b.Property(c => c.AgentType).HasColumnName("agent_type").HasMaxLength(16);
        b.Property(c => c.Registration).HasColumnName("registration").HasColumnType("jsonb");
        b.Property(c => c.InputFacets).HasColumnName("input_facets");
        b.Property(c => c.OutputFacets).HasColumnName("output_facets");
        b.Property(c => c.HeartbeatTimeoutSeconds).HasColumnName("heartbeat_timeout_seconds");
        b.Property(c => c.InputSchema).HasColumnName("input_schema").HasColumnType("jsonb");
        b.Property(c => c.OutputSchema).HasColumnName("output_schema").HasColumnType("jsonb");
        b.Property(c => c.RegisteredAt).HasColumnName("registered_at");
        b.Property(c => c.LastSeenAt).HasColumnName("last_seen_at");
        b.Property(c => c.ContentHash).HasColumnName("content_hash").HasMaxLength(64);
        b.HasIndex(c => c.Status).HasDatabaseName("ix_flex_capabilities_status");
    }
}
