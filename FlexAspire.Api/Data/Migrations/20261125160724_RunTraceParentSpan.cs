using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlexAspire.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunTraceParentSpan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent_span_id",
                table: "flex_runs",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "trace_parent_span_id",
                table: "flex_runs");
        }
    }
}
