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
        b.Property(r => r.Payload).HasColumnType("jsonb");
    }
}

internal sealed class HitlResponseEntityConfiguration : IEntityTypeConfiguration<HitlResponseEntity>
{
    public void Configure(EntityTypeBuilder<HitlResponseEntity> b)
    {
        b.ToTable("hitl_responses", t => t.ExcludeFromMigrations());
        b.HasKey(r => r.Id);
        b.Property(r => r.Metadata).HasColumnType("jsonb");
    }
}

internal sealed class OrchestratorRunEntityConfiguration : IEntityTypeConfiguration<OrchestratorRunEntity>
{
    public void Configure(EntityTypeBuilder<OrchestratorRunEntity> b)
    {
        b.ToTable("orchestrator_runs", t => t.ExcludeFromMigrations());
        b.HasKey(r => r.Id);
    }
}
