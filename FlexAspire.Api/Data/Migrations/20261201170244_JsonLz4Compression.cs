using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlexAspire.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class JsonLz4Compression : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "output",
                table: "flex_runs",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true)
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "error",
                table: "flex_runs",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true)
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "envelope",
                table: "flex_runs",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "value",
                table: "flex_run_outputs",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "payload",
                table: "flex_run_events",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "plan",
                table: "flex_plan_snapshots",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "output",
                table: "flex_plan_nodes",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true)
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "error",
                table: "flex_plan_nodes",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true)
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "definition",
                table: "flex_plan_nodes",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "output_schema",
                table: "flex_human_tasks",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "output",
                table: "flex_human_tasks",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true)
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "inputs",
                table: "flex_human_tasks",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .Annotation("Npgsql:Compression:", "lz4");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "output",
                table: "flex_runs",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true)
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "error",
                table: "flex_runs",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true)
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "envelope",
                table: "flex_runs",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "value",
                table: "flex_run_outputs",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "payload",
                table: "flex_run_events",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "plan",
                table: "flex_plan_snapshots",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "output",
                table: "flex_plan_nodes",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true)
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "error",
                table: "flex_plan_nodes",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true)
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "definition",
                table: "flex_plan_nodes",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "output_schema",
                table: "flex_human_tasks",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "output",
                table: "flex_human_tasks",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true)
                .OldAnnotation("Npgsql:Compression:", "lz4");

            migrationBuilder.AlterColumn<string>(
                name: "inputs",
                table: "flex_human_tasks",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb")
                .OldAnnotation("Npgsql:Compression:", "lz4");
        }
    }
}
