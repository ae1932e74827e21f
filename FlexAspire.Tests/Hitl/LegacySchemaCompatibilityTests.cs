using FlexAspire.Api.Data;
using FlexAspire.Api.Data.Migrations;
using FlexAspire.Data;
using Microsoft.EntityFrameworkCore;

namespace FlexAspire.Tests.Hitl;

/// Flex reuses the legacy server's HITL tables and may only add to them: a database that holds the legacy baseline
/// with rows keeps those rows, and the legacy server's statements keep working, after the flex migrations.
[Collection(StackCollection.Name)]
public sealed class LegacySchemaCompatibilityTests(FlexStackFixture stack)
{
    private static readonly Guid LegacyRunId = Guid.Parse("0b9f1f3e-4c55-4a8e-9d55-6f0d3a3a0001");

    [Fact]
    public void The_legacy_baseline_frozen_in_the_flex_migration_is_the_legacy_servers_schema()
    {
        // A change to legacy-agents-server/db/schema.sql needs a new flex migration, never an edit of an applied one.
        Normalize(HumanInTheLoop.LegacyBaseline).ShouldBe(Normalize(File.ReadAllText(LegacySchemaFile())));
    }

    [Fact]
    public async Task Flex_migrations_over_a_legacy_database_leave_its_rows_and_queries_unchanged()
    {
        var serverConnection = new NpgsqlConnectionStringBuilder(await stack.GetDatabaseConnectionStringAsync()) { Pooling = false };
        var database = $"legacy_compat_{Guid.NewGuid():n}";
        await ExecuteAsync(serverConnection.ConnectionString, $"CREATE DATABASE {database}");
        var legacy = new NpgsqlConnectionStringBuilder(serverConnection.ConnectionString) { Database = database }.ConnectionString;
        try
        {
            await ExecuteAsync(legacy, File.ReadAllText(LegacySchemaFile()));
            await ExecuteAsync(legacy, $$"""
                INSERT INTO orchestrator_runs (id, thread_id, mode, objective, status) VALUES ('{{LegacyRunId}}', 't-1', 'single', 'Legacy objective', 'running');
                INSERT INTO hitl_requests (id, run_id, origin_agent, payload) VALUES ('{{LegacyRunId}}', '{{LegacyRunId}}', 'strategist', '{"question":"Ship it?"}');
                INSERT INTO hitl_responses (request_id, response_type, approved, responder) VALUES ('{{LegacyRunId}}', 'approval', true, 'ops@example.com');
                """);
            var before = await SnapshotAsync(legacy);

            await using (var db = new FlexDbContext((DbContextOptions<FlexDbContext>)new DbContextOptionsBuilder<FlexDbContext>()
                .UseOwnedDatabase(FlexDbContext.MigrationsHistoryTable, legacy).Options))
            {
                await db.Database.MigrateAsync();
            }

            (await SnapshotAsync(legacy)).ShouldBe(before);
            (await QueryAsync(legacy, "SELECT count(*) FROM hitl_requests WHERE flex_purpose IS NOT NULL OR flex_node_id IS NOT NULL")).ShouldBe(["0"]);
            // The legacy server starts after flex: its baseline applies again, and its statements (run-store.js) still work.
            await ExecuteAsync(legacy, File.ReadAllText(LegacySchemaFile()));
            var newRun = Guid.NewGuid();
            await ExecuteAsync(legacy, $"INSERT INTO orchestrator_runs (id, thread_id, mode, objective, status) VALUES ('{newRun}', null, 'single', 'After flex', 'running')");
            await ExecuteAsync(legacy, $"UPDATE orchestrator_runs SET status = 'completed', result = '{{}}'::jsonb, error = null, updated_at = now() WHERE id = '{newRun}'");
            (await QueryAsync(legacy, $"SELECT status FROM orchestrator_runs WHERE id = '{newRun}'")).ShouldBe(["completed"]);
            await ExecuteAsync(legacy, $"INSERT INTO hitl_requests (run_id, origin_agent) VALUES ('{newRun}', 'legacy')");
        }
        finally
        {
            await ExecuteAsync(serverConnection.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// Every legacy row, as the legacy server reads it (`SELECT *` on orchestrator_runs, the legacy columns of the others).
    private static async Task<List<string>> SnapshotAsync(string connection) =>
    [
        .. await QueryAsync(connection, $"SELECT row_to_json(r)::text FROM (SELECT * FROM orchestrator_runs WHERE id = '{LegacyRunId}') r"),
        .. await QueryAsync(connection, "SELECT row_to_json(r)::text FROM (SELECT id, run_id, origin_agent, payload, status, denial_reason, created_at, updated_at FROM hitl_requests ORDER BY id) r"),
        .. await QueryAsync(connection, "SELECT row_to_json(r)::text FROM (SELECT id, request_id, response_type, approved, freeform_text, responder, metadata, created_at FROM hitl_responses ORDER BY id) r"),
    ];

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    private static string LegacySchemaFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "legacy-agents-server", "db", "schema.sql");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("legacy-agents-server/db/schema.sql not found above the test output directory.");
    }

    private static string Normalize(string sql) => string.Join("\n", sql.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd())).Trim();
}
