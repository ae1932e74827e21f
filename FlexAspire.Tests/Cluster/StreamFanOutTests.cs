namespace FlexAspire.Tests.Cluster;

/// Live streams are fed from memory: a replica subscribes once to a run it streams and fans the committed frames out
/// to all its readers; the database is read when the replica opens the run's feed, not per reader.
[Collection(StackCollection.Name)]
public sealed class StreamFanOutTests(ReplicaStackFixture stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Five_hundred_readers_of_a_run_on_another_replica_cause_no_more_database_reads_than_one_reader()
    {
        var replicas = await ApiReplicas.DiscoverAsync(stack, ReplicaStackFixture.Replicas, Timeout);
        var (executing, reading) = (replicas[0], replicas[1]);

        var one = await ReadersOfOneRunAsync(executing, reading, readers: 1);
        var many = await ReadersOfOneRunAsync(executing, reading, readers: 500);

        one.Reads.ShouldBeGreaterThan(0, "opening a run's feed reads the database, so the count can tell");
        many.Reads.ShouldBeLessThanOrEqualTo(one.Reads, $"one reader: {one.Reads} reads; 500 readers: {many.Reads}");
        many.Reads.ShouldBeLessThanOrEqualTo(2, "opening the run's feed reads its identity and the log's tail once; every later frame comes through the subscription");
        many.LiveWhenAllJoined.ShouldBeTrue("the 500 streams were open while the run was executing (fan-out, not replay)");
    }

    /// Starts a run on `executing`, follows it with `readers` concurrent streams on `reading`, checks every stream got
    /// the whole gapless log, and returns the database reads `reading` made for its streams meanwhile.
    private async Task<(long Reads, bool LiveWhenAllJoined)> ReadersOfOneRunAsync(ApiReplica executing, ApiReplica reading, int readers)
    {
        // Feeds of earlier runs have closed, so nothing else reads for streams on the reading replica meanwhile.
        await Eventually.ShouldBecomeTrueAsync(async () => (await JournalAsync(reading))["streamedRuns"]!.GetValue<int>() == 0,
            Timeout, "the reading replica holds no run's frames");
        var before = (await JournalAsync(reading))["streamDatabaseReads"]!.GetValue<long>();

        using var a = executing.CreateClient();
        using var posted = await a.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var runId = posted.Headers.GetValues("X-Flex-Run-Id").Single();
        using var b = reading.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, readers).Select(_ =>
            b.GetAsync($"/api/v1/flex/runs/{runId}/stream", HttpCompletionOption.ResponseHeadersRead)));
        var status = JsonNode.Parse(await a.GetStringAsync($"/api/v1/flex/runs/{runId}"))!["status"]!.GetValue<string>();
        var streams = await Task.WhenAll(responses.Select(async response =>
        {
            using (response)
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                return (await SseFrames.ReadUntilCompleteAsync(response, Timeout)).WithoutHeartbeats();
            }
        }));
        var log = (await SseFrames.ReadUntilCompleteAsync(posted, Timeout)).WithoutHeartbeats();

        log[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed");
        foreach (var frames in streams)
        {
            frames.Select(f => (f.Seq, f.Type)).ShouldBe(log.Select(f => (f.Seq, f.Type)));
        }
        var after = (await JournalAsync(reading))["streamDatabaseReads"]!.GetValue<long>();
        return (after - before, status is "pending" or "running");
    }

    private static async Task<JsonNode> JournalAsync(ApiReplica replica) => (await replica.GetClusterAsync())["journal"]!;
}
