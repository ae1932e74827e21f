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

    /// The log of a run whose process died after `completedBeforeKill` and that finished elsewhere: seqs 1..n without a
    /// gap, that node started once, and no node completed twice.
    public static void ShouldShowNoNodeRunTwice(this List<(long Seq, string Type, string? NodeId)> log, string completedBeforeKill)
    {
        log.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, log.Count).Select(i => (long)i));
        log.Count(e => e.Type == "node_start" && e.NodeId == completedBeforeKill)
            .ShouldBe(1, $"{completedBeforeKill} completed before the kill and must not run again");
        log.Where(e => e.Type == "node_complete").GroupBy(e => e.NodeId).ShouldAllBe(g => g.Count() == 1);
    }
}
