using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlexAspire.Api.Data;

/// A row of the legacy `hitl_requests` (owned by the legacy agents server). Flex adds only the nullable `flex_*`
/// columns; legacy columns keep their meaning: `payload` holds the question, `status` pending|resolved|denied|cancelled.
public sealed class HitlRequestEntity
{
    public Guid Id { get; set; }
    /// Text in the legacy schema: a legacy run id or a flex run id.
    public required string RunId { get; set; }
    public required string OriginAgent { get; set; }
    public required string Payload { get; set; }
    public required string Status { get; set; }
    public string? DenialReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? FlexNodeId { get; set; }
    /// Why flex asked: final_approval | node_review | escalation (HitlPurposes).
    public string? FlexPurpose { get; set; }
    public DateTimeOffset? FlexResolvedAt { get; set; }
}

/// A row of the legacy `hitl_responses`: response_type approval | rejection | freeform | option.
public sealed class HitlResponseEntity
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public required string ResponseType { get; set; }
    public bool? Approved { get; set; }
    public string? FreeformText { get; set; }
    public string? Responder { get; set; }
    /// Flex keeps the whole answer and the seq the resume started from here (replays answer from it).
    public required string Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// A row of the legacy `orchestrator_runs`; flex mirrors its runs here while people are involved (mode `flex`).
public sealed class OrchestratorRunEntity
{
    public Guid Id { get; set; }
    public string? ThreadId { get; set; }
    public required string Mode { get; set; }
    public required string Objective { get; set; }
    public required string Status { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

// The legacy tables are created by raw SQL (IF NOT EXISTS) in the HumanInTheLoop migration, never by EF's
// model diff: either process may start first, and EF must not own (or ever drop) a legacy table.
internal sealed class HitlRequestEntityConfiguration : IEntityTypeConfiguration<HitlRequestEntity>
{
    public void Configure(EntityTypeBuilder<HitlRequestEntity> b)
    {
        b.ToTable("hitl_requests", t => t.ExcludeFromMigrations());
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.RunId).HasColumnName("run_id");
        b.Property(r => r.OriginAgent).HasColumnName("origin_agent");
        b.Property(r => r.Payload).HasColumnName("payload").HasColumnType("jsonb");
        b.Property(r => r.Status).HasColumnName("status");
        b.Property(r => r.DenialReason).HasColumnName("denial_reason");
        b.Property(r => r.CreatedAt).HasColumnName("created_at");
        b.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        b.Property(r => r.FlexNodeId).HasColumnName("flex_node_id");
        b.Property(r => r.FlexPurpose).HasColumnName("flex_purpose");
        b.Property(r => r.FlexResolvedAt).HasColumnName("flex_resolved_at");
    }
}

internal sealed class HitlResponseEntityConfiguration : IEntityTypeConfiguration<HitlResponseEntity>
{
    public void Configure(EntityTypeBuilder<HitlResponseEntity> b)
    {
        b.ToTable("hitl_responses", t => t.ExcludeFromMigrations());
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.RequestId).HasColumnName("request_id");
        b.Property(r => r.ResponseType).HasColumnName("response_type");
        b.Property(r => r.Approved).HasColumnName("approved");
        b.Property(r => r.FreeformText).HasColumnName("freeform_text");
        b.Property(r => r.Responder).HasColumnName("responder");
        b.Property(r => r.Metadata).HasColumnName("metadata").HasColumnType("jsonb");
        b.Property(r => r.CreatedAt).HasColumnName("created_at");
    }
}

internal sealed class OrchestratorRunEntityConfiguration : IEntityTypeConfiguration<OrchestratorRunEntity>
{
    public void Configure(EntityTypeBuilder<OrchestratorRunEntity> b)
    {
        b.ToTable("orchestrator_runs", t => t.ExcludeFromMigrations());
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.ThreadId).HasColumnName("thread_id");
        b.Property(r => r.Mode).HasColumnName("mode");
        b.Property(r => r.Objective).HasColumnName("objective");
        b.Property(r => r.Status).HasColumnName("status");
        b.Property(r => r.Error).HasColumnName("error");
        b.Property(r => r.CreatedAt).HasColumnName("created_at");
        b.Property(r => r.UpdatedAt).HasColumnName("updated_at");
    }
}
