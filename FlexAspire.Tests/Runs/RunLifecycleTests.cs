using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Runs;

/// Runs caught mid-flight, against a slow model (SlowModelStackFixture: one run at a time, a backlog of one).
[Collection(StackCollection.Name)]
public sealed class RunLifecycleTests(SlowModelStackFixture stack)
{
    [Fact]
    public async Task Cancelling_a_running_run_stops_it_and_its_stream_ends_with_complete_cancelled()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var (runId, frames) = await api.StartSampleAndCancelAtFirstNodeStartAsync(async id =>
        {
            using var cancel = await api.PostAsync($"/api/v1/flex/runs/{id}/cancel", null);
            cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        });

        frames[^1].Type.ShouldBe("complete");
        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("cancelled");
        frames.ShouldNotContain(f => f.Type == "node_complete" && f.Data["nodeId"]!.GetValue<string>().StartsWith("director"));
        var detail = JsonNode.Parse(await api.GetStringAsync($"/api/v1/flex/runs/{runId}"))!;
        detail["status"]!.GetValue<string>().ShouldBe("cancelled");
        (await api.PostAsync($"/api/v1/flex/runs/{runId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_quiet_stream_gets_heartbeats_without_id_repeating_the_last_seq()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        var frames = await SseFrames.ReadUntilCompleteAsync(response);

        var heartbeats = frames.Select((f, i) => (Frame: f, Index: i)).Where(x => x.Frame.Type == "heartbeat").ToList();
        heartbeats.ShouldNotBeEmpty("a 2 s model call leaves the stream quiet for longer than the 1 s heartbeat interval");
        foreach (var (frame, index) in heartbeats)
        {
            frame.Id.ShouldBeNull();
            frame.Payload!["ts"].ShouldNotBeNull();
            frame.Seq.ShouldBe(frames[index - 1].Seq);
        }
        frames.Where(f => f.Type != "heartbeat").Select(f => f.Seq).ShouldBe(Enumerable.Range(1, frames.Count - heartbeats.Count).Select(i => (long)i));
    }

    [Fact]
    public async Task A_full_backlog_answers_503_with_Retry_After_before_opening_a_stream()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var running = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        await WaitForFrameAsync(running, "plan_requested"); // the single worker is busy with it
        using var queued = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        queued.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var refused = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.Content.ReadAsStringAsync()).ShouldContain("MaxBacklog");
        foreach (var run in new[] { queued, running })
        {
            var runId = run.Headers.GetValues("X-Flex-Run-Id").Single();
            (await api.PostAsync($"/api/v1/flex/runs/{runId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            await Eventually.ShouldBecomeTrueAsync(async () =>
                JsonNode.Parse(await api.GetStringAsync($"/api/v1/flex/runs/{runId}"))!["status"]!.GetValue<string>() == "cancelled",
                SseFrames.RunTimeout, $"run {runId} should end cancelled");
        }
    }

    [Fact]
    public async Task A_run_survives_its_API_process_being_killed_and_no_completed_node_runs_twice()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var (runId, lastSeq, completedBeforeKill) = await api.StartSampleAndKillAfterFirstNodeAsync(KillApiProcess);

        await stack.App.ResourceCommands.ExecuteCommandAsync(stack.ApiResource, KnownResourceCommands.StartCommand);
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync(stack.ApiResource).WaitAsync(SseFrames.RunTimeout);

        using var restarted = stack.CreateClient(ResourceNames.Api);
        using var resumed = await restarted.GetAsync($"/api/v1/flex/runs/{runId}/stream?after={lastSeq}", HttpCompletionOption.ResponseHeadersRead);
        var rest = await SseFrames.ReadUntilCompleteAsync(resumed);
        rest[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed", rest[^1].Data.ToJsonString());

        var log = await RunEventLog.ReadAsync(stack, Guid.Parse(runId));
        log.ShouldShowNoNodeRunTwice(completedBeforeKill);
    }

    private void KillApiProcess()
    {
        stack.App.ResourceNotifications.TryGetCurrentState(stack.ApiResource, out var state).ShouldBeTrue();
        var pid = state!.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        pid.ShouldNotBeNull($"no pid among {string.Join(", ", state.Snapshot.Properties.Select(p => p.Name))}");
        // `dotnet run` starts the API as a child: kill the whole tree, as a crash would.
        Process.GetProcessById(Convert.ToInt32(pid)).Kill(entireProcessTree: true);
    }

    private static async Task WaitForFrameAsync(HttpResponseMessage response, string type)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        await foreach (var frame in SseFrames.ReadAsync(stream, new CancellationTokenSource(SseFrames.RunTimeout).Token))
        {
            if (frame.Type == type) return;
        }
    }
}
