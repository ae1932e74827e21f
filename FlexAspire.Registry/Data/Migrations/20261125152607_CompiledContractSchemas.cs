using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlexAspire.Registry.Data.Migrations
{
    /// <inheritdoc />
    public partial class CompiledContractSchemas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "input_schema",
                table: "flex_capabilities",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "output_schema",
                table: "flex_capabilities",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "input_schema",
                table: "flex_capabilities");

            migrationBuilder.DropColumn(
                name: "output_schema",
                table: "flex_capabilities");
        }
    }
}
