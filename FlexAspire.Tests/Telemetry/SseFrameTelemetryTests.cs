using System.Net.ServerSentEvents;
using FlexAspire.Api.Runs.Streaming;

namespace FlexAspire.Tests.Telemetry;

public sealed class SseFrameTelemetryTests
{
    [Theory]
    [InlineData("node_start", "7", """{"type":"node_start","seq":7,"message":"Drafting — café"}""")]
    [InlineData("heartbeat", null, """{"type":"heartbeat","seq":7}""")]
    public async Task A_frame_span_reports_the_bytes_SseFormatter_writes_for_the_frame(string type, string? id, string data)
    {
        var frame = new SseItem<string>(data, type) { EventId = id };
        using var written = new MemoryStream();

        await SseFormatter.WriteAsync(One(frame), written);

        SseFrameTelemetry.EncodedLength(frame).ShouldBe(written.Length);
    }

    private static async IAsyncEnumerable<SseItem<string>> One(SseItem<string> frame)
    {
        await Task.Yield();
        yield return frame;
    }
}
