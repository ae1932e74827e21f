using Npgsql;

namespace FlexAspire.Tests.Infrastructure;

/// A run's persisted frames as stored in flex_run_events (seq, type, node), read straight from the database.
public static class RunEventLog
{
    public static async Task<List<(long Seq, string Type, string? NodeId)>> ReadAsync(FlexStackFixture stack, Guid runId)
    {
        await using var connection = new NpgsqlConnection(await stack.GetDatabaseConnectionStringAsync());
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT seq, type, payload->>'nodeId' FROM flex_run_events WHERE run_id = $1 ORDER BY seq", connection)
        {
            Parameters = { new() { Value = runId } },
        };
        var log = new List<(long, string, string?)>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            log.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return log;
    }
}
