using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlexAspire.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class HumanInTheLoop : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The legacy baseline first (IF NOT EXISTS: the legacy server may have created it already), then flex's
            // nullable columns. EF's model excludes these tables, so no later migration will try to own them.
            migrationBuilder.Sql(LegacyBaseline);
            migrationBuilder.Sql(FlexColumns);

            migrationBuilder.CreateTable(
                name: "flex_human_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    node_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    capability_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    assigned_to = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    inputs = table.Column<string>(type: "jsonb", nullable: false),
                    output_schema = table.Column<string>(type: "jsonb", nullable: false),
                    on_decline = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    output = table.Column<string>(type: "jsonb", nullable: true),
                    decline_reason = table.Column<string>(type: "text", nullable: true),
                    declines = table.Column<int>(type: "integer", nullable: false),
                    resume_seq = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_flex_human_tasks", x => x.id);
                    table.ForeignKey(
                        name: "FK_flex_human_tasks_flex_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "flex_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_flex_human_tasks_due",
                table: "flex_human_tasks",
                columns: new[] { "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_flex_human_tasks_queue",
                table: "flex_human_tasks",
                columns: new[] { "status", "role", "assigned_to", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_flex_human_tasks_run_node",
                table: "flex_human_tasks",
                columns: new[] { "run_id", "node_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "flex_human_tasks");

            // The legacy tables stay: they belong to the legacy server.
            migrationBuilder.Sql(DropFlexColumns);
        }

        // The legacy agents server's baseline schema (legacy-agents-server/db/schema.sql) as it was when this migration was
        // written; frozen here so the applied migration never changes (LegacySchemaCompatibilityTests keeps the two equal:
        // a change to schema.sql needs a new migration).
        public const string LegacyBaseline = """
            -- Baseline schema of the legacy agents server. It owns these tables; flex HITL reuses hitl_requests/hitl_responses
            -- and may only add columns to them, so names and types here are a stable contract.
            -- Applied at every start; each statement is idempotent. Status columns are plain text (no CHECK) so that additive
            -- statuses from flex need no schema change.
        
            CREATE TABLE IF NOT EXISTS orchestrator_runs (
                id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
                thread_id   text,
                mode        text        NOT NULL,
                objective   text        NOT NULL,
                status      text        NOT NULL DEFAULT 'running',   -- running | completed | failed | cancelled
                result      jsonb,
                error       text,
                created_at  timestamptz NOT NULL DEFAULT now(),
                updated_at  timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS ix_orchestrator_runs_thread_id ON orchestrator_runs (thread_id);
            CREATE INDEX IF NOT EXISTS ix_orchestrator_runs_status_created_at ON orchestrator_runs (status, created_at);
        
            -- run_id is text with no foreign key: a request may belong to a legacy run (orchestrator_runs.id) or a flex run.
            CREATE TABLE IF NOT EXISTS hitl_requests (
                id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
                run_id         text        NOT NULL,
                origin_agent   text        NOT NULL,
                payload        jsonb       NOT NULL DEFAULT '{}'::jsonb,
                status         text        NOT NULL DEFAULT 'pending',  -- pending | resolved | denied | cancelled
                denial_reason  text,
                created_at     timestamptz NOT NULL DEFAULT now(),
                updated_at     timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS ix_hitl_requests_run_id ON hitl_requests (run_id);
            CREATE INDEX IF NOT EXISTS ix_hitl_requests_status ON hitl_requests (status);
        
            CREATE TABLE IF NOT EXISTS hitl_responses (
                id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
                request_id     uuid        NOT NULL REFERENCES hitl_requests (id) ON DELETE CASCADE,
                response_type  text        NOT NULL,                   -- approval | rejection | freeform | option
                approved       boolean,
                freeform_text  text,
                responder      text,
                metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
                created_at     timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS ix_hitl_responses_request_id ON hitl_responses (request_id);
            """;

        // Flex's additive columns: nullable, so legacy inserts and queries are unaffected.
        private const string FlexColumns = """
            ALTER TABLE hitl_requests ADD COLUMN IF NOT EXISTS flex_node_id text;
            ALTER TABLE hitl_requests ADD COLUMN IF NOT EXISTS flex_purpose text;
            ALTER TABLE hitl_requests ADD COLUMN IF NOT EXISTS flex_resolved_at timestamptz;
            """;

        private const string DropFlexColumns = """
            ALTER TABLE hitl_requests DROP COLUMN IF EXISTS flex_node_id;
            ALTER TABLE hitl_requests DROP COLUMN IF EXISTS flex_purpose;
            ALTER TABLE hitl_requests DROP COLUMN IF EXISTS flex_resolved_at;
            """;
    }
}
