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
            migrationBuilder.Sql(LegacyBaselineSchema.Sql);
            migrationBuilder.Sql(LegacyBaselineSchema.FlexColumns);

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
            migrationBuilder.Sql(LegacyBaselineSchema.DropFlexColumns);
        }
    }
}
