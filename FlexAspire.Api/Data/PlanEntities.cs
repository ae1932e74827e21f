using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlexAspire.Api.Data;

/// A node of the run's current plan, with its execution state.
public sealed class PlanNodeEntity
{
    public Guid RunId { get; set; }
    public required string NodeId { get; set; }
    public int PlanVersion { get; set; }
    public required string CapabilityId { get; set; }
    public required string Kind { get; set; }
    public required NodeStatus Status { get; set; }
    public int Attempts { get; set; }
    /// The PlanNode document (jsonb).
    public required string Definition { get; set; }
    public string? Output { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

/// Every plan version of a run, kept whole.
public sealed class PlanSnapshotEntity
{
    public Guid RunId { get; set; }
    public int Version { get; set; }
    public required string Plan { get; set; }
    public required string Phase { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class PlanNodeEntityConfiguration : IEntityTypeConfiguration<PlanNodeEntity>
{
    public void Configure(EntityTypeBuilder<PlanNodeEntity> b)
    {
        b.ToTable("flex_plan_nodes");
        b.HasKey(n => new { n.RunId, n.NodeId }).HasName("PK_flex_plan_nodes");
        b.Property(n => n.NodeId).HasMaxLength(200);
        b.Property(n => n.CapabilityId).HasMaxLength(200);
        b.Property(n => n.Kind).HasMaxLength(32);
        b.Property(n => n.Status).HasMaxLength(32);
        b.Property(n => n.Definition).HasColumnType("jsonb");
        b.Property(n => n.Output).HasColumnType("jsonb");
        b.Property(n => n.Error).HasColumnType("jsonb");
        b.HasOne<RunEntity>().WithMany().HasForeignKey(n => n.RunId).HasConstraintName("FK_flex_plan_nodes_flex_runs_run_id").OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanSnapshotEntityConfiguration : IEntityTypeConfiguration<PlanSnapshotEntity>
{
    public void Configure(EntityTypeBuilder<PlanSnapshotEntity> b)
    {
        b.ToTable("flex_plan_snapshots");
        b.HasKey(s => new { s.RunId, s.Version }).HasName("PK_flex_plan_snapshots");
        b.Property(s => s.Plan).HasColumnType("jsonb");
        b.Property(s => s.Phase).HasMaxLength(16);
        b.HasOne<RunEntity>().WithMany().HasForeignKey(s => s.RunId).HasConstraintName("FK_flex_plan_snapshots_flex_runs_run_id").OnDelete(DeleteBehavior.Cascade);
    }
}
