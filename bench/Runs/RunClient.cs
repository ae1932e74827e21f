using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;

namespace FlexAspire.Bench.Runs;

public sealed record RunMeasurement(bool Completed, string? Error, TimeSpan TimeToFirstFrame, TimeSpan Duration, IReadOnlyList<NodeTime> NodeDurations)
{
    /// Where the run's time went on the server, from the frames' timestamps: `start` → `plan_generated` (planning),
    /// → the last `node_complete` (the nodes), → `complete` (final output and the last write).
    public RunPhases? Phases { get; init; }
}

public sealed record RunPhases(TimeSpan Planning, TimeSpan Nodes, TimeSpan Finishing)
{
    /// Planning split at `plan_requested`: the run's start on its grain (activation, keep-alive reminder, reading the
    /// run) before it, the planner's round trip and the plan's recording after it.
    public TimeSpan? Starting { get; init; }
}

/// One node's start→complete time from the frames' timestamps, with what ran it (`node_start`'s capabilityId and
/// executorType: a remote agent's time includes its HTTP call and its own work).
public sealed record NodeTime(string Capability, string Executor, TimeSpan Duration);

/// One streaming run as a client sees it: time to the first frame, total time, and each node's start→complete time
/// from the frames' server timestamps.
public static class RunClient
{
    public static async Task<RunMeasurement> RunAsync(HttpClient api, string envelope, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/flex/run.stream")
            {
                Content = new StringContent(envelope, Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                return new(false, $"HTTP {(int)response.StatusCode}", TimeSpan.Zero, Stopwatch.GetElapsedTime(started), []);
            }
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            TimeSpan? firstFrame = null;
            var nodeStarts = new Dictionary<string, (DateTimeOffset At, string Capability, string Executor)>();
            var nodeDurations = new List<NodeTime>();
            DateTimeOffset? startAt = null, requestedAt = null, plannedAt = null, lastNodeAt = null;
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct))
            {
                firstFrame ??= Stopwatch.GetElapsedTime(started);
                if (item.EventType == "heartbeat") continue;
                var data = JsonNode.Parse(item.Data)!;
                var nodeId = data["nodeId"]?.GetValue<string>();
                var at = data["timestamp"]!.GetValue<DateTimeOffset>();
                if (item.EventType == "start") startAt = at;
                if (item.EventType == "plan_requested") requestedAt ??= at;
                if (item.EventType == "plan_generated") plannedAt = at;
                if (item.EventType == "node_complete") lastNodeAt = at;
                if (item.EventType == "node_start" && nodeId is not null)
                    nodeStarts[nodeId] = (at, data["payload"]?["capabilityId"]?.GetValue<string>() ?? "?", data["payload"]?["executorType"]?.GetValue<string>() ?? "?");
                if (item.EventType == "node_complete" && nodeId is not null && nodeStarts.TryGetValue(nodeId, out var s))
                    nodeDurations.Add(new NodeTime(s.Capability, s.Executor, at - s.At));
                if (item.EventType == "complete")
                {
                    var status = data["payload"]!["status"]!.GetValue<string>();
                    var phases = startAt is { } s0 && plannedAt is { } p && lastNodeAt is { } n ? new RunPhases(p - s0, n - p, at - n) { Starting = requestedAt - s0 } : null;
                    return new(status == "completed", status == "completed" ? null : status, firstFrame.Value, Stopwatch.GetElapsedTime(started), nodeDurations)
                        { Phases = phases };
                }
            }
            return new(false, "stream ended without complete", firstFrame ?? TimeSpan.Zero, Stopwatch.GetElapsedTime(started), nodeDurations);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            return new(false, ex.GetType().Name, TimeSpan.Zero, Stopwatch.GetElapsedTime(started), []);
        }
    }
}
