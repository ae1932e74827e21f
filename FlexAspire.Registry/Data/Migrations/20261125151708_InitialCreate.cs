using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlexAspire.Registry.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "flex_capabilities",
                columns: table => new
                {
                    capability_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version_major = table.Column<int>(type: "integer", nullable: false),
                    version_minor = table.Column<int>(type: "integer", nullable: false),
                    version_patch = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    agent_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    registration = table.Column<string>(type: "jsonb", nullable: false),
                    input_facets = table.Column<string[]>(type: "text[]", nullable: false),
                    output_facets = table.Column<string[]>(type: "text[]", nullable: false),
                    heartbeat_timeout_seconds = table.Column<int>(type: "integer", nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_flex_capabilities", x => new { x.capability_id, x.version });
                });

            migrationBuilder.CreateIndex(
                name: "ix_flex_capabilities_status",
                table: "flex_capabilities",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "flex_capabilities");
        }
    }
}
