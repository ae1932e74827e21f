namespace FlexAspire.Tests.Legacy;

/// The legacy Node server runs beside flex from the same AppHost, its endpoints and tables unchanged.
[Collection(StackCollection.Name)]
public sealed class LegacyAgentsServerTests(FlexStackFixture stack)
{
    private static readonly string[] LegacyEventNames =
        ["start", "phase", "plan_update", "tool_call", "tool_result", "message", "delta", "handoff", "metrics", "warning", "error", "complete"];

    [Fact]
    public async Task A_legacy_run_streams_its_events_to_complete_while_a_flex_run_is_in_progress_and_is_recorded()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var legacy = stack.CreateClient(ResourceNames.LegacyAgents);
        using var flexRun = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        var flexFrames = SseFrames.ReadUntilCompleteAsync(flexRun);

        var objective = $"Legacy post {Guid.NewGuid():n}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agent/run.stream")
        {
            Content = JsonContent.Create(new JsonObject { ["mode"] = "create_post", ["objective"] = objective }),
        };
        using var response = await legacy.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var frames = await SseFrames.ReadUntilCompleteAsync(response, TimeSpan.FromMinutes(1));

        frames[0].Type.ShouldBe("start");
        frames[^1].Type.ShouldBe("complete");
        frames.ShouldAllBe(f => LegacyEventNames.Contains(f.Type));
        frames.Select(f => long.Parse(f.Id!)).ShouldBe(Enumerable.Range(1, frames.Count).Select(i => (long)i));
        (await flexFrames)[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed");

        await using var connection = new NpgsqlConnection(await stack.GetDatabaseConnectionStringAsync());
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT status FROM orchestrator_runs WHERE objective = $1", connection)
        {
            Parameters = { new() { Value = objective } },
        };
        (await query.ExecuteScalarAsync()).ShouldBe("completed");
    }

    [Fact]
    public async Task Under_the_AppHost_the_legacy_agent_routes_need_its_API_key_and_health_stays_open()
    {
        using var anonymous = stack.CreateAnonymousClient(ResourceNames.LegacyAgents);
        using var keyed = stack.CreateClient(ResourceNames.LegacyAgents);

        (await anonymous.GetAsync("/api/v1/agent/agents")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/v1/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await keyed.GetAsync("/api/v1/agent/agents")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// Flex calls the legacy agents with the legacy API key (the AppHost's outbound host entry): without it this run
    /// would fail with 401 from the legacy server.
    [Fact]
    public async Task The_legacy_capabilities_are_active_and_a_plan_pinning_legacy_Generation_calls_it()
    {
        // Waits for the legacy capabilities to be active and requires the run to complete.
        var (_, legacyNode) = await LegacyTestKit.RunThroughLegacyGenerationAsync(stack);

        legacyNode.Payload!["output"]!["post_copy"].ShouldNotBeNull();
    }
}
