using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Cluster;

/// Two API replicas, one cluster: a run executes on the replica that accepted it (its grain's activation) and every
/// other replica streams it, cancels it, answers it, and takes it over when that replica dies.
[Collection(StackCollection.Name)]
public sealed class RunsAcrossReplicasTests(ReplicaStackFixture stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_run_posted_to_one_replica_streams_complete_and_gapless_from_the_other()
    {
        var (executing, other) = await TwoReplicasAsync();
        using var a = executing.CreateClient();
        using var b = other.CreateClient();

        using var posted = await a.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var runId = posted.Headers.GetValues("X-Flex-Run-Id").Single();
        using var followed = await b.GetAsync($"/api/v1/flex/runs/{runId}/stream", HttpCompletionOption.ResponseHeadersRead);
        followed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var fromOther = (await SseFrames.ReadUntilCompleteAsync(followed, Timeout)).WithoutHeartbeats();
        var fromPoster = (await SseFrames.ReadUntilCompleteAsync(posted, Timeout)).WithoutHeartbeats();

        fromOther[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed");
        fromOther.Select(f => f.Seq).ShouldBe(Enumerable.Range(1, fromOther.Count).Select(i => (long)i));
        fromOther.Select(f => (f.Seq, f.Type)).ShouldBe(fromPoster.Select(f => (f.Seq, f.Type)));
    }

    [Fact]
    public async Task Cancel_sent_to_the_replica_that_is_not_executing_stops_the_run_and_records_unfinished_nodes_cancelled()
    {
        var (executing, other) = await TwoReplicasAsync();
        using var a = executing.CreateClient();
        using var b = other.CreateClient();
        var (runId, frames) = await a.StartSampleAndCancelAtFirstNodeStartAsync(async id =>
        {
            using var cancel = await b.PostAsync($"/api/v1/flex/runs/{id}/cancel", null);
            cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }, Timeout);

        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("cancelled");
        var detail = JsonNode.Parse(await b.GetStringAsync($"/api/v1/flex/runs/{runId}"))!;
        detail["status"]!.GetValue<string>().ShouldBe("cancelled");
        var nodes = detail["nodes"]!.AsArray().Select(n => n!["status"]!.GetValue<string>()).ToList();
        nodes.ShouldContain("cancelled");
        nodes.ShouldAllBe(s => s == "completed" || s == "cancelled");
        var log = await RunEventLog.ReadAsync(stack, Guid.Parse(runId));
        log[^1].Type.ShouldBe("complete", "no frame follows complete{cancelled}");
        log.Count(e => e.Type == "complete").ShouldBe(1);
    }

    [Fact]
    public async Task An_approval_answered_on_the_other_replica_resumes_the_run_at_once()
    {
        var (executing, other) = await TwoReplicasAsync();
        using var a = executing.CreateClient();
        using var b = other.CreateClient();
        var paused = await a.RunUntilPausedAsync(HitlTestKit.ApprovalEnvelope(), "awaiting_hitl");
        var requestId = paused[^1].SinglePending("hitl")["requestId"]!.GetValue<string>();

        var answered = Stopwatch.StartNew();
        var continued = await b.ResumeUntilCompleteAsync(HitlTestKit.Approve(paused.RunId(), requestId, approved: true));

        continued[0].Type.ShouldBe("hitl_resolved");
        continued[^1].Status().ShouldBe("completed", continued[^1].Data.ToJsonString());
        answered.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the answer reaches the run's grain directly; nothing waits for a sweep");
    }

    [Fact]
    public async Task A_run_whose_replica_is_killed_completes_on_the_survivor_without_rerunning_completed_nodes()
    {
        var (executing, survivor) = await TwoReplicasAsync();
        using var a = executing.CreateClient();
        var (runId, lastSeq, completedBeforeKill) = await a.StartSampleAndKillAfterFirstNodeAsync(
            () => Process.GetProcessById(executing.ProcessId).Kill(), Timeout); // SIGKILL: no goodbye to the cluster

        try
        {
            var killed = Stopwatch.StartNew();
            using var b = survivor.CreateClient();
            using var resumed = await b.GetAsync($"/api/v1/flex/runs/{runId}/stream?after={lastSeq}", HttpCompletionOption.ResponseHeadersRead);
            var rest = await SseFrames.ReadUntilCompleteAsync(resumed, TimeSpan.FromSeconds(30));
            rest[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed", rest[^1].Data.ToJsonString());
            killed.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));

            var log = await RunEventLog.ReadAsync(stack, Guid.Parse(runId));
            log.ShouldShowNoNodeRunTwice(completedBeforeKill);
            log.Count(e => e.Type == "complete").ShouldBe(1);
        }
        finally
        {
            await RestartStoppedReplicasAsync();
        }
    }

    /// The replica a run is posted to executes it (its grain is placed where it is first called).
    private async Task<(ApiReplica Executing, ApiReplica Other)> TwoReplicasAsync()
    {
        var replicas = await ApiReplicas.DiscoverAsync(stack, ReplicaStackFixture.Replicas, Timeout);
        return (replicas[0], replicas[1]);
    }

    /// Aspire does not restart a killed replica; start it again so the other tests find two.
    private async Task RestartStoppedReplicasAsync()
    {
        var instances = await ApiReplicas.InstancesAsync(stack, ReplicaStackFixture.Replicas, Timeout);
        string? stopped = null;
        await Eventually.ShouldBecomeTrueAsync(() => Task.FromResult((stopped = instances.FirstOrDefault(i =>
            stack.App.ResourceNotifications.TryGetCurrentState(i, out var s) && s.Snapshot.State?.Text is { } state
            && state != KnownResourceStates.Running && state != KnownResourceStates.Stopping && state != KnownResourceStates.Starting)) is not null),
            Timeout, "the killed replica is seen as stopped");
        (await stack.App.ResourceCommands.ExecuteCommandAsync(stopped!, KnownResourceCommands.StartCommand)).Success.ShouldBeTrue();
        await ApiReplicas.DiscoverAsync(stack, ReplicaStackFixture.Replicas, Timeout);
    }
}
