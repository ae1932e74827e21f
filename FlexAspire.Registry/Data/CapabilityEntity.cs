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
    public required CapabilityStatus Status { get; set; }
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
    /// The credential that first registered this capability id (RegistryTokenFilter.Owner); null for rows written
    /// before ownership existed, which the next registration claims.
    public string? Owner { get; set; }

    /// SHA-256 of the registration document as received (and of the facet catalog it was compiled against): a
    /// re-registration with the same hash is a heartbeat, one small UPDATE with no validation and no generation change.
    public string? ContentHash { get; set; }
}

internal sealed class CapabilityEntityConfiguration : IEntityTypeConfiguration<CapabilityEntity>
{
    public void Configure(EntityTypeBuilder<CapabilityEntity> b)
    {
        b.ToTable("flex_capabilities");
        b.HasKey(c => new { c.CapabilityId, c.Version }).HasName("PK_flex_capabilities");
        b.Property(c => c.CapabilityId).HasMaxLength(200);
        b.Property(c => c.Version).HasMaxLength(64);
        b.Property(c => c.Status).HasMaxLength(16);
        b.Property(c => c.Kind).HasMaxLength(32);
        b.Property(c => c.AgentType).HasMaxLength(16);
        b.Property(c => c.Registration).HasColumnType("jsonb");
        b.Property(c => c.InputSchema).HasColumnType("jsonb");
        b.Property(c => c.OutputSchema).HasColumnType("jsonb");
        b.Property(c => c.Owner).HasMaxLength(64);
        b.Property(c => c.ContentHash).HasMaxLength(64);
        b.HasIndex(c => c.Status).HasDatabaseName("ix_flex_capabilities_status");
    }
}
