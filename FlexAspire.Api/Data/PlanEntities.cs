using Microsoft.EntityFrameworkCore;
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
    public required string Status { get; set; }
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
        b.HasKey(n => new { n.RunId, n.NodeId });
        b.Property(n => n.RunId).HasColumnName("run_id");
        b.Property(n => n.NodeId).HasColumnName("node_id").HasMaxLength(200);
        b.Property(n => n.PlanVersion).HasColumnName("plan_version");
        b.Property(n => n.CapabilityId).HasColumnName("capability_id").HasMaxLength(200);
        b.Property(n => n.Kind).HasColumnName("kind").HasMaxLength(32);
        b.Property(n => n.Status).HasColumnName("status").HasMaxLength(32);
        b.Property(n => n.Attempts).HasColumnName("attempts");
        b.Property(n => n.Definition).HasColumnName("definition").HasColumnType("jsonb");
        b.Property(n => n.Output).HasColumnName("output").HasColumnType("jsonb");
        b.Property(n => n.Error).HasColumnName("error").HasColumnType("jsonb");
        b.Property(n => n.StartedAt).HasColumnName("started_at");
        b.Property(n => n.CompletedAt).HasColumnName("completed_at");
        b.HasOne<RunEntity>().WithMany().HasForeignKey(n => n.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanSnapshotEntityConfiguration : IEntityTypeConfiguration<PlanSnapshotEntity>
{
    public void Configure(EntityTypeBuilder<PlanSnapshotEntity> b)
    {
        b.ToTable("flex_plan_snapshots");
        b.HasKey(s => new { s.RunId, s.Version });
        b.Property(s => s.RunId).HasColumnName("run_id");
        b.Property(s => s.Version).HasColumnName("version");
        b.Property(s => s.Plan).HasColumnName("plan").HasColumnType("jsonb");
        b.Property(s => s.Phase).HasColumnName("phase").HasMaxLength(16);
        b.Property(s => s.CreatedAt).HasColumnName("created_at");
        b.HasOne<RunEntity>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
