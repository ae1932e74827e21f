namespace FlexAspire.Tests.Telemetry;

[Collection(StackCollection.Name)]
public sealed class RunTraceTests(FlexStackFixture stack)
{
    [Fact]
    public async Task A_social_post_run_is_one_trace_from_intake_through_planner_nodes_model_calls_and_frames()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        var frames = await SseFrames.ReadUntilCompleteAsync(response);
        var complete = frames[^1];
        complete.Payload!["status"]!.GetValue<string>().ShouldBe("completed", complete.Data.ToJsonString());
        var runId = complete.Data["runId"]!.GetValue<string>();
        var traceId = complete.Data["traceId"]!.GetValue<string>();
        frames.ShouldAllBe(f => f.Data["traceId"]!.GetValue<string>() == traceId);
        var nodeIds = frames.Single(f => f.Type == "plan_generated").Payload!["plan"]!["nodes"]!.AsArray()
            .Select(n => n!["id"]!.GetValue<string>()).ToList();
        var sent = frames.Where(f => f.Id is not null).ToList();

        // The last frame span ends once the formatter has flushed `complete`, the request span after it; wait until
        // the trace is one tree: a single span (the POST's) whose parent is not in it.
        IReadOnlyList<ReceivedSpan> trace = [];
        Dictionary<string, ReceivedSpan> byId = [];
        await Eventually.ShouldBecomeTrueAsync(() =>
        {
            trace = stack.Receiver.Spans.Where(s => s.TraceId == traceId).ToList();
            byId = trace.ToDictionary(s => s.SpanId);
            return Task.FromResult(trace.Any(s => s.Name == "flex.run")
                && trace.Count(s => s.Name == "flex.sse.frame" && s["flex.sse.seq"] is not null) >= sent.Count
                && trace.Count(s => s.ParentSpanId is null || !byId.ContainsKey(s.ParentSpanId)) == 1);
        }, OtlpReceiver.ExportTimeout, "the run's spans were not all exported as one tree");

        // Every span that names this run is in this one trace.
        stack.Receiver.Spans.Where(s => RunIdOf(s) == runId).ShouldAllBe(s => s.TraceId == traceId);
        trace.Single(s => s.ParentSpanId is null || !byId.ContainsKey(s.ParentSpanId)).Name.ShouldStartWith("POST");
        Func<ReceivedSpan, ReceivedSpan, bool> under = (span, ancestor) =>
        {
            for (var current = span; current.ParentSpanId is { } parent && byId.TryGetValue(parent, out var up); current = up)
            {
                if (up.SpanId == ancestor.SpanId) return true;
            }
            return false;
        };

        var root = trace.Single(s => s.Name == "flex.run");
        root.Service.ShouldBe(ResourceNames.Api);
        root["flex.run.id"].ShouldBe(runId);
        root["flex.correlation_id"].ShouldNotBeNull();
        root["flex.run.status"].ShouldBe("completed");
        // The run executes on a background worker, yet its root continues the accepting request's trace.
        byId[root.ParentSpanId!].Name.ShouldStartWith("POST");

        var plans = trace.Where(s => s.Name == "plan").ToList();
        plans.ShouldNotBeEmpty();
        plans.ShouldAllBe(p => p.Service == ResourceNames.Planner && under(p, root) && (string?)p["flex.run.id"] == runId);

        // The planner plans from its mirror of the registry (no registry call per plan) and names the generation.
        plans.ShouldAllBe(p => (long?)p["flex.registry.generation"] > 0);
        trace.Where(s => s.Service == ResourceNames.Registry).ShouldAllBe(s => under(s, root));

        var nodes = trace.Where(s => s.Name == "flex.node").ToList();
        nodes.Select(n => (string)n["flex.node.id"]!).ShouldBe(nodeIds, ignoreOrder: true);
        nodes.ShouldAllBe(n => n.ParentSpanId == root.SpanId && (string?)n["flex.node.status"] == "completed"
            && n["flex.node.capability"] != null && n["flex.node.kind"] != null && (long?)n["flex.node.attempt"] >= 1);

        var agents = trace.Where(s => s.Name.StartsWith("invoke_agent ")).ToList();
        agents.ShouldNotBeEmpty();
        agents.ShouldAllBe(a => nodes.Any(n => a.ParentSpanId == n.SpanId));
        var chats = trace.Where(s => s.Name.StartsWith("chat ")).ToList();
        chats.ShouldNotBeEmpty();
        chats.ShouldAllBe(c => agents.Any(a => under(c, a)) && c["gen_ai.request.model"] != null
            && (long?)c["gen_ai.usage.input_tokens"] > 0 && (long?)c["gen_ai.usage.output_tokens"] > 0);

        var frameSpans = trace.Where(s => s.Name == "flex.sse.frame" && s["flex.sse.seq"] is not null).ToList();
        frameSpans.Select(s => (long)s["flex.sse.seq"]!).Order().ShouldBe(sent.Select(f => f.Seq));
        frameSpans.ShouldAllBe(s => (long)s["flex.sse.bytes"]! > 0 && (string?)s["flex.run.id"] == runId);
        frameSpans.Select(s => (string)s["flex.sse.type"]!).ShouldBe(
            sent.OrderBy(f => f.Seq).Select(f => f.Type), customMessage: "frame spans in seq order carry the frames' types");
    }

    [Fact]
    public async Task A_run_exports_run_stream_frame_node_planning_and_token_metrics_and_logs_with_the_run_in_scope()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        var frames = await SseFrames.ReadUntilCompleteAsync(response);
        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed");
        var runId = frames[^1].Data["runId"]!.GetValue<string>();

        (string Service, string Name)[] expected =
        [
            (ResourceNames.Api, "flex.runs.started"),
            (ResourceNames.Api, "flex.runs.finished"),
            (ResourceNames.Api, "flex.runs.active"),
            (ResourceNames.Api, "flex.streams.active"),
            (ResourceNames.Api, "flex.sse.frames_sent"),
            (ResourceNames.Api, "flex.node.duration"),
            (ResourceNames.Api, "flex.journal.batches"),
            (ResourceNames.Api, "flex.journal.commit.duration"),
            (ResourceNames.Api, "gen_ai.client.token.usage"),
            (ResourceNames.Planner, "flex.planner.duration"),
        ];
        await Eventually.ShouldBecomeTrueAsync(() => Task.FromResult(expected.All(e => stack.Receiver.Metrics.Any(m =>
            m.Service == e.Service && m.Metric.Name == e.Name && m.DataPoints > 0))), OtlpReceiver.ExportTimeout,
            "missing: " + string.Join(", ", expected.Where(e => !stack.Receiver.Metrics.Any(m => m.Service == e.Service && m.Metric.Name == e.Name))));

        var finished = stack.Receiver.Metrics.Where(m => m.Metric.Name == "flex.runs.finished").SelectMany(m => m.Metric.Sum.DataPoints);
        finished.ShouldContain(p => p.Attributes.Any(a => a.Key == "flex.run.status" && a.Value.StringValue == "completed"));
        var nodeDurations = stack.Receiver.Metrics.Where(m => m.Metric.Name == "flex.node.duration").SelectMany(m => m.Metric.Histogram.DataPoints);
        nodeDurations.ShouldContain(p => p.Attributes.Any(a => a.Key == "flex.node.capability" && a.Value.StringValue.Length > 0));
        var tokens = stack.Receiver.Metrics.Where(m => m.Metric.Name == "gen_ai.client.token.usage").SelectMany(m => m.Metric.Histogram.DataPoints);
        tokens.ShouldContain(p => p.Attributes.Any(a => a.Key == "gen_ai.token.type"));
        tokens.ShouldContain(p => p.Attributes.Any(a => a.Key.StartsWith("gen_ai.") && a.Key.EndsWith(".model")));

        await Eventually.ShouldBecomeTrueAsync(() => Task.FromResult(stack.Receiver.Logs.Any(l =>
            (string?)l.Attributes.GetValueOrDefault("flex.run.id") == runId && l.Attributes.ContainsKey("flex.correlation_id"))),
            OtlpReceiver.ExportTimeout, "no log record of the run carries the run id and correlation id");
    }

    private static string? RunIdOf(ReceivedSpan span) => span["flex.run.id"] as string;
}
