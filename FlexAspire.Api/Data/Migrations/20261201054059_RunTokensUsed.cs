using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlexAspire.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunTokensUsed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "tokens_used",
                table: "flex_runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "tokens_used",
                table: "flex_runs");
        }
    }
}
