using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlexAspire.Registry.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistryGeneration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "content_hash",
                table: "flex_capabilities",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "flex_registry_generation",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    generation = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_flex_registry_generation", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "flex_registry_generation",
                columns: new[] { "id", "generation" },
                values: new object[] { 1, 1L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "flex_registry_generation");

            migrationBuilder.DropColumn(
                name: "content_hash",
                table: "flex_capabilities");
        }
    }
}
