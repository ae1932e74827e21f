using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlexAspire.Api.Data;

/// Work a human capability node assigned to a person; one open task per (run, node) at a time.
public sealed class HumanTaskEntity
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    public required string NodeId { get; set; }
    public required string CapabilityId { get; set; }
    public required string Role { get; set; }
    public string? AssignedTo { get; set; }
    /// pending | completed | declined | expired | cancelled
    public required HumanTaskStatus Status { get; set; }
    public int Priority { get; set; }
    /// The input facet values the person works from (jsonb).
    public required string Inputs { get; set; }
    /// The JSON Schema the person's answer must satisfy (jsonb).
    public required string OutputSchema { get; set; }
    /// fail_run | requeue | escalate
    public required string OnDecline { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public string? Output { get; set; }
    public string? DeclineReason { get; set; }
    public int Declines { get; set; }
    /// The run's last seq before the resume that answered it: a replayed resume streams from here again.
    public long? ResumeSeq { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class HumanTaskEntityConfiguration : IEntityTypeConfiguration<HumanTaskEntity>
{
    public void Configure(EntityTypeBuilder<HumanTaskEntity> b)
    {
        b.ToTable("flex_human_tasks");
        b.HasKey(t => t.Id).HasName("PK_flex_human_tasks");
        b.Property(t => t.NodeId).HasMaxLength(200);
        b.Property(t => t.CapabilityId).HasMaxLength(200);
        b.Property(t => t.Role).HasMaxLength(200);
        b.Property(t => t.AssignedTo).HasMaxLength(200);
        b.Property(t => t.Status).HasMaxLength(32);
        b.Property(t => t.Inputs).HasColumnType("jsonb");
        b.Property(t => t.OutputSchema).HasColumnType("jsonb");
        b.Property(t => t.OnDecline).HasMaxLength(32);
        b.Property(t => t.Output).HasColumnType("jsonb");
        b.HasIndex(t => new { t.Status, t.Role, t.AssignedTo, t.CreatedAt }).HasDatabaseName("ix_flex_human_tasks_queue");
        b.HasIndex(t => new { t.RunId, t.NodeId }).HasDatabaseName("ix_flex_human_tasks_run_node");
        b.HasIndex(t => new { t.Status, t.DueAt }).HasDatabaseName("ix_flex_human_tasks_due");
        b.HasOne<RunEntity>().WithMany().HasForeignKey(t => t.RunId).HasConstraintName("FK_flex_human_tasks_flex_runs_run_id").OnDelete(DeleteBehavior.Cascade);
    }
}
