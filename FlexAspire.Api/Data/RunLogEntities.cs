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
        b.HasKey(e => new { e.RunId, e.Seq }).HasName("PK_flex_run_events");
        b.Property(e => e.Type).HasMaxLength(32);
        b.Property(e => e.Payload).HasColumnType("jsonb");
        b.HasOne<RunEntity>().WithMany().HasForeignKey(e => e.RunId).HasConstraintName("FK_flex_run_events_flex_runs_run_id").OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RunOutputEntityConfiguration : IEntityTypeConfiguration<RunOutputEntity>
{
    public void Configure(EntityTypeBuilder<RunOutputEntity> b)
    {
        b.ToTable("flex_run_outputs");
        b.HasKey(o => o.Id).HasName("PK_flex_run_outputs");
        b.Property(o => o.Id).UseIdentityAlwaysColumn();
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.NodeId).HasMaxLength(200);
        b.Property(o => o.Value).HasColumnType("jsonb");
        b.HasIndex(o => new { o.RunId, o.Name }).HasDatabaseName("ix_flex_run_outputs_run_name");
        b.HasOne<RunEntity>().WithMany().HasForeignKey(o => o.RunId).HasConstraintName("FK_flex_run_outputs_flex_runs_run_id").OnDelete(DeleteBehavior.Cascade);
    }
}
