using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlexAspire.Api.Data;

/// The SSE log: every frame but heartbeats, written before it is sent; (run_id, seq) is the replay key.
public sealed class RunEventEntity
{
    public Guid RunId { get; set; }
    public long Seq { get; set; }
    public required string Type { get; set; }
    /// The whole frame's `data` document (jsonb), replayed verbatim.
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// A facet value (or the final output) produced by a run, with where it came from.
public sealed class RunOutputEntity
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public required string Name { get; set; }
    public string? NodeId { get; set; }
    public int PlanVersion { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class RunEventEntityConfiguration : IEntityTypeConfiguration<RunEventEntity>
{
    public void Configure(EntityTypeBuilder<RunEventEntity> b)
    {
        b.ToTable("flex_run_events");
        b.HasKey(e => new { e.RunId, e.Seq });
        b.Property(e => e.RunId).HasColumnName("run_id");
        b.Property(e => e.Seq).HasColumnName("seq");
        b.Property(e => e.Type).HasColumnName("type").HasMaxLength(32);
        b.Property(e => e.Payload).HasColumnName("payload").HasColumnType("jsonb");
        b.Property(e => e.CreatedAt).HasColumnName("created_at");
        b.HasOne<RunEntity>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RunOutputEntityConfiguration : IEntityTypeConfiguration<RunOutputEntity>
{
    public void Configure(EntityTypeBuilder<RunOutputEntity> b)
    {
        b.ToTable("flex_run_outputs");
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        b.Property(o => o.RunId).HasColumnName("run_id");
        b.Property(o => o.Name).HasColumnName("name").HasMaxLength(200);
        b.Property(o => o.NodeId).HasColumnName("node_id").HasMaxLength(200);
        b.Property(o => o.PlanVersion).HasColumnName("plan_version");
        b.Property(o => o.Value).HasColumnName("value").HasColumnType("jsonb");
        b.Property(o => o.CreatedAt).HasColumnName("created_at");
        b.HasIndex(o => new { o.RunId, o.Name }).HasDatabaseName("ix_flex_run_outputs_run_name");
        b.HasOne<RunEntity>().WithMany().HasForeignKey(o => o.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
