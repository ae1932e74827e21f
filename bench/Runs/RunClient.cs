using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

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
            // Frames are read straight from the UTF-8 bytes (no string, no DOM): the load generator shares the machine.
            await foreach (var item in SseParser.Create(stream, FrameFields.Read).EnumerateAsync(ct))
            {
                firstFrame ??= Stopwatch.GetElapsedTime(started);
                if (item.EventType == "heartbeat") continue;
                var frame = item.Data;
                var at = frame.Timestamp;
                if (item.EventType == "start") startAt = at;
                if (item.EventType == "plan_requested") requestedAt ??= at;
                if (item.EventType == "plan_generated") plannedAt = at;
                if (item.EventType == "node_complete") lastNodeAt = at;
                if (item.EventType == "node_start" && frame.NodeId is { } startedNode)
                    nodeStarts[startedNode] = (at, frame.CapabilityId ?? "?", frame.ExecutorType ?? "?");
                if (item.EventType == "node_complete" && frame.NodeId is { } completed && nodeStarts.TryGetValue(completed, out var s))
                    nodeDurations.Add(new NodeTime(s.Capability, s.Executor, at - s.At));
                if (item.EventType == "complete")
                {
                    var status = frame.Status ?? "?";
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

/// The fields of a frame's `data` the benchmark uses: `timestamp`, `nodeId`, and `payload`'s `capabilityId`,
/// `executorType` and `status`.
internal readonly record struct FrameFields(DateTimeOffset Timestamp, string? NodeId, string? CapabilityId, string? ExecutorType, string? Status)
{
    public static FrameFields Read(string eventType, ReadOnlySpan<byte> data)
    {
        if (eventType == "heartbeat") return default;
        var reader = new Utf8JsonReader(data);
        DateTimeOffset timestamp = default;
        string? nodeId = null, capabilityId = null, executorType = null, status = null;
        reader.Read(); // {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("timestamp")) { reader.Read(); timestamp = reader.GetDateTimeOffset(); }
            else if (reader.ValueTextEquals("nodeId")) { reader.Read(); nodeId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; }
            else if (reader.ValueTextEquals("payload"))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); continue; }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var field = reader.ValueTextEquals("capabilityId") ? 1 : reader.ValueTextEquals("executorType") ? 2 : reader.ValueTextEquals("status") ? 3 : 0;
                    reader.Read();
                    if (field == 0 || reader.TokenType != JsonTokenType.String) { reader.Skip(); continue; }
                    if (field == 1) capabilityId = reader.GetString();
                    else if (field == 2) executorType = reader.GetString();
                    else status = reader.GetString();
                }
            }
            else { reader.Read(); reader.Skip(); }
        }
        return new(timestamp, nodeId, capabilityId, executorType, status);
    }
}
