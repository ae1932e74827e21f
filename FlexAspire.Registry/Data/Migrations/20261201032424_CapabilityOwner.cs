using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlexAspire.Registry.Data.Migrations
{
    /// <inheritdoc />
    public partial class CapabilityOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "owner",
                table: "flex_capabilities",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "owner",
                table: "flex_capabilities");
        }
    }
}
