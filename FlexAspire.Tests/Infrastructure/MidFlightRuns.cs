namespace FlexAspire.Tests.Infrastructure;

/// The social-post sample caught mid-flight: read live from its stream up to a frame, then interrupted.
public static class MidFlightRuns
{
    private const string Sample = "envelope-social-post.json";

    /// Starts the sample, reads its stream to the first node_start (a model call is in flight), calls `cancel` with the
    /// run's id and reads on to `complete`; returns the run and every frame read.
    public static async Task<(string RunId, List<SseFrame> Frames)> StartSampleAndCancelAtFirstNodeStartAsync(
        this HttpClient api, Func<string, Task> cancel, TimeSpan? timeout = null)
    {
        using var response = await api.StartRunAsync(FlexApiClient.Sample(Sample));
        var runId = response.Headers.GetValues("X-Flex-Run-Id").Single();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var deadline = new CancellationTokenSource(timeout ?? SseFrames.RunTimeout);
        var frames = new List<SseFrame>();
        var cancelled = false;
        await foreach (var frame in SseFrames.ReadAsync(stream, deadline.Token))
        {
            frames.Add(frame);
            if (frame.Type == "complete") break;
            if (frame.Type == "node_start" && !cancelled)
            {
                cancelled = true;
                await cancel(runId);
            }
        }
        return (runId, frames);
    }

    /// Starts the sample, reads its stream up to the first node_complete and calls `kill` while the stream is still
    /// open: the run then has finished work behind it and work ahead. Returns the run, the seq of that frame and the
    /// node it completed.
    public static async Task<(string RunId, long LastSeq, string CompletedNode)> StartSampleAndKillAfterFirstNodeAsync(
        this HttpClient api, Action kill, TimeSpan? timeout = null)
    {
        using var response = await api.StartRunAsync(FlexApiClient.Sample(Sample));
        var runId = response.Headers.GetValues("X-Flex-Run-Id").Single();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var deadline = new CancellationTokenSource(timeout ?? SseFrames.RunTimeout);
        SseFrame? frame = null;
        await foreach (var f in SseFrames.ReadAsync(stream, deadline.Token))
        {
            frame = f;
            if (f.Type == "node_complete") break;
        }
        frame.ShouldNotBeNull().Type.ShouldBe("node_complete");
        kill();
        return (runId, frame.Seq, frame.Data["nodeId"]!.GetValue<string>());
    }
}
