using FlexAspire.Tests.Legacy;

namespace FlexAspire.Tests.Telemetry;

/// The legacy Node server exports over OTLP like the .NET services, and W3C trace context crosses it both ways.
[Collection(StackCollection.Name)]
public sealed class LegacyTraceTests(FlexStackFixture stack)
{
    [Fact]
    public async Task A_flex_run_calling_a_legacy_capability_is_one_trace_holding_the_legacy_servers_spans()
    {
        var (frames, legacyNode) = await LegacyTestKit.RunThroughLegacyGenerationAsync(stack);
        var traceId = frames[^1].Data["traceId"]!.GetValue<string>();
        var legacyNodeId = legacyNode.Data["nodeId"]!.GetValue<string>();

        // The legacy server's request span for the capability call, exported in the run's trace.
        ReceivedSpan? invoke = null;
        await Eventually.ShouldBecomeTrueAsync(() =>
        {
            invoke = stack.Receiver.Spans.SingleOrDefault(s => s.TraceId == traceId && s.Service == ResourceNames.LegacyAgents
                && (s["url.path"] as string ?? s["http.target"] as string ?? "").EndsWith("/invoke/legacy.Generation", StringComparison.Ordinal));
            return Task.FromResult(invoke is not null);
        }, OtlpReceiver.ExportTimeout, "the legacy server's span of the capability call is exported in the run's trace");

        var trace = stack.Receiver.Spans.Where(s => s.TraceId == traceId).ToDictionary(s => s.SpanId);
        // Its parent is the API's outgoing call, made inside the legacy node's span.
        var caller = trace[invoke!.ParentSpanId!];
        caller.Service.ShouldBe(ResourceNames.Api);
        var node = trace[caller.ParentSpanId!];
        for (; node.Name != "flex.node"; node = trace[node.ParentSpanId!])
        {
        }
        node["flex.node.id"].ShouldBe(legacyNodeId);
    }

    [Fact]
    public async Task The_legacy_servers_calls_to_the_registry_continue_its_trace_and_it_exports_metrics_and_logs()
    {
        // Its registration heartbeats are fetch calls: the registry's server span must be a child of a legacy span.
        await Eventually.ShouldBecomeTrueAsync(() =>
        {
            var spans = stack.Receiver.Spans;
            var legacy = spans.Where(s => s.Service == ResourceNames.LegacyAgents).Select(s => s.SpanId).ToHashSet();
            return Task.FromResult(spans.Any(s => s.Service == ResourceNames.Registry && s.ParentSpanId is { } parent && legacy.Contains(parent)));
        }, OtlpReceiver.ExportTimeout, "a registry request span whose parent is the legacy server's fetch span");

        await Eventually.ShouldBecomeTrueAsync(() => Task.FromResult(
            stack.Receiver.Metrics.Any(m => m.Service == ResourceNames.LegacyAgents && m.DataPoints > 0)
            && stack.Receiver.Logs.Any(l => l.Service == ResourceNames.LegacyAgents && l.Body.Length > 0)),
            OtlpReceiver.ExportTimeout, "the legacy server's metrics and logs are exported");
    }
}
