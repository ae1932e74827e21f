using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlexAspire.Api.Data;

public sealed class RunEntity
{
    public Guid Id { get; set; }
    public required RunStatus Status { get; set; }
    public required string Objective { get; set; }
    /// The TaskEnvelope as received (jsonb).
    public required string Envelope { get; set; }
    public string? CorrelationId { get; set; }
    public string? ThreadId { get; set; }
    public string? IdempotencyKey { get; set; }
    /// SHA-256 of the request body, to tell a replay from a different request under the same Idempotency-Key.
    public string? RequestHash { get; set; }
    public int PlanVersion { get; set; }
    /// Model tokens the run's nodes used so far (input + output), checked against `constraints.maxTokens`.
    public long TokensUsed { get; set; }
    /// The last event sequence number written for this run (frames are numbered from 1).
    public long LastSeq { get; set; }
    public string? Output { get; set; }
    public string? Error { get; set; }
    public string? TraceId { get; set; }
    /// The span the run's `flex.run` span is a child of (the accepting request's, or the previous execution's root
    /// for a resumed run); with TraceId it is the parent context the background worker starts from.
    public string? TraceParentSpanId { get; set; }
    /// Unused since runs execute in their Orleans grain (one activation cluster-wide); the columns stay because
    /// migrations are additive only.
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public uint RowVersion { get; set; }
}

internal sealed class RunEntityConfiguration : IEntityTypeConfiguration<RunEntity>
{
    public void Configure(EntityTypeBuilder<RunEntity> b)
    {
        b.ToTable("flex_runs");
        b.HasKey(r => r.Id).HasName("PK_flex_runs");
        b.Property(r => r.Status).HasMaxLength(32);
        b.Property(r => r.Envelope).HasColumnType("jsonb");
        b.Property(r => r.CorrelationId).HasMaxLength(200);
        b.Property(r => r.ThreadId).HasMaxLength(200);
        b.Property(r => r.IdempotencyKey).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.Output).HasColumnType("jsonb");
        b.Property(r => r.Error).HasColumnType("jsonb");
        b.Property(r => r.TraceId).HasMaxLength(32);
        b.Property(r => r.TraceParentSpanId).HasMaxLength(16);
        b.Property(r => r.LeaseOwner).HasMaxLength(200);
        b.Property(r => r.RowVersion).IsRowVersion();
        b.HasIndex(r => r.IdempotencyKey).IsUnique().HasDatabaseName("ux_flex_runs_idempotency_key");
        b.HasIndex(r => new { r.Status, r.CreatedAt }).HasDatabaseName("ix_flex_runs_status_created");
        b.HasIndex(r => r.CreatedAt).HasDatabaseName("ix_flex_runs_created");
    }
}
