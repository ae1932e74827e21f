namespace FlexAspire.Tests.Telemetry;

/// A remote capability served by the test answers invalid output once: the retry is counted, the node span records the
/// second attempt, and the API's registry look-up for the remote capability is in the node's span.
[Collection(StackCollection.Name)]
public sealed class RepairTelemetryTests(FlexStackFixture stack) : ScriptedRemoteTests(() => ScriptedRemoteCapability.RegisterAsync(stack, "telemetry"))
{
    [Fact]
    public async Task A_re_asked_node_counts_a_validation_retry_and_its_span_records_the_second_attempt()
    {
        Remote.Server.Enqueue(FakeReply.Json(ScriptedRemoteCapability.InvalidCopy), FakeReply.Json(ScriptedRemoteCapability.ValidCopy));
        var envelope = Remote.PinnedEnvelope();
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(envelope.ToJsonString());
        var frames = await SseFrames.ReadUntilCompleteAsync(response);
        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed", frames[^1].Data.ToJsonString());
        var traceId = frames[^1].Data["traceId"]!.GetValue<string>();

        await Eventually.ShouldBecomeTrueAsync(() => Task.FromResult(stack.Receiver.Metrics.Any(m =>
            m.Metric.Name == "flex.node.validation_retries" && m.Metric.Sum.DataPoints.Any(p =>
                p.Attributes.Any(a => a.Key == "flex.node.capability" && a.Value.StringValue == Remote.CapabilityId) && p.AsInt >= 1))),
            OtlpReceiver.ExportTimeout, "the retry was not counted");

        // The node span, and the API's call to the remote capability under it: the plan node carried its invocation
        // URL, so no registry look-up happens while the run executes.
        ReceivedSpan? node = null;
        await Eventually.ShouldBecomeTrueAsync(() =>
        {
            var trace = stack.Receiver.Spans.Where(s => s.TraceId == traceId).ToDictionary(s => s.SpanId);
            node = trace.Values.FirstOrDefault(s => s.Name == "flex.node" && (string?)s["flex.node.capability"] == Remote.CapabilityId);
            bool Under(ReceivedSpan span) => span.ParentSpanId is { } parent
                && (parent == node!.SpanId || trace.TryGetValue(parent, out var up) && Under(up));
            var remote = Remote.Server.BaseAddress.ToString();
            return Task.FromResult(node is not null
                && trace.Values.Any(s => ((string?)s["url.full"])?.StartsWith(remote, StringComparison.Ordinal) == true && Under(s))
                && !trace.Values.Any(s => s.Service == ResourceNames.Registry && Under(s)));
        }, OtlpReceiver.ExportTimeout, "no node span for the remote capability with its remote call (and no registry look-up) under it");
        node!["flex.node.attempt"].ShouldBe(2L);
        node["flex.node.status"].ShouldBe("completed");
    }
}
