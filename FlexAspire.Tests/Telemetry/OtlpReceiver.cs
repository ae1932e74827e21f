using FlexAspire.Tests.Telemetry.Otlp;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlexAspire.Tests.Telemetry;

/// One exported span, flattened: which service sent it and its attributes by key.
public sealed record ReceivedSpan(string Service, string Scope, string TraceId, string SpanId, string? ParentSpanId, string Name,
    IReadOnlyDictionary<string, object?> Attributes, IReadOnlyList<(string TraceId, string SpanId)> Links, int StatusCode)
{
    public object? this[string key] => Attributes.GetValueOrDefault(key);
}

public sealed record ReceivedMetric(string Service, string Scope, Metric Metric)
{
    public int DataPoints => Metric.DataCase switch
    {
        Metric.DataOneofCase.Sum => Metric.Sum.DataPoints.Count,
        Metric.DataOneofCase.Gauge => Metric.Gauge.DataPoints.Count,
        Metric.DataOneofCase.Histogram => Metric.Histogram.DataPoints.Count,
        _ => 0,
    };
}

public sealed record ReceivedLog(string Service, string Body, IReadOnlyDictionary<string, object?> Attributes);

/// An OTLP/HTTP (protobuf) endpoint on 127.0.0.1 for the services under test: /v1/traces, /v1/metrics, /v1/logs.
/// It keeps everything it receives in memory.
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentQueue<ReceivedMetric> _metrics = new();
    private readonly ConcurrentQueue<ReceivedLog> _logs = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// How long a test waits for the services' exporters to deliver what it looks for (they batch every few seconds).
    public static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(30);

    public Uri Endpoint { get; private set; } = null!;
    public IReadOnlyList<ReceivedSpan> Spans => _spans.ToArray();
    public IReadOnlyList<ReceivedMetric> Metrics => _metrics.ToArray();
    public IReadOnlyList<ReceivedLog> Logs => _logs.ToArray();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", (HttpRequest request) => receiver.ReceiveAsync(request, ExportTraceServiceRequest.Parser, receiver.Add));
        app.MapPost("/v1/metrics", (HttpRequest request) => receiver.ReceiveAsync(request, ExportMetricsServiceRequest.Parser, receiver.Add));
        app.MapPost("/v1/logs", (HttpRequest request) => receiver.ReceiveAsync(request, ExportLogsServiceRequest.Parser, receiver.Add));
        await app.StartAsync();
        receiver.Endpoint = app.Address();
        return receiver;
    }

    private async Task<IResult> ReceiveAsync<T>(HttpRequest request, MessageParser<T> parser, Action<T> add) where T : IMessage<T>
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        add(parser.ParseFrom(body.ToArray()));
        // An empty Export*ServiceResponse: full success.
        return Results.Bytes([], "application/x-protobuf");
    }

    private void Add(ExportTraceServiceRequest export)
    {
        foreach (var resource in export.ResourceSpans)
        {
            var service = ServiceName(resource.Resource);
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    _spans.Enqueue(new ReceivedSpan(service, scope.Scope?.Name ?? "", Hex(span.TraceId), Hex(span.SpanId),
                        span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId), span.Name, Attributes(span.Attributes),
                        span.Links.Select(l => (Hex(l.TraceId), Hex(l.SpanId))).ToList(), span.Status?.Code ?? 0));
                }
            }
        }
    }

    private void Add(ExportMetricsServiceRequest export)
    {
        foreach (var resource in export.ResourceMetrics)
        {
            var service = ServiceName(resource.Resource);
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    _metrics.Enqueue(new ReceivedMetric(service, scope.Scope?.Name ?? "", metric));
                }
            }
        }
    }

    private void Add(ExportLogsServiceRequest export)
    {
        foreach (var resource in export.ResourceLogs)
        {
            var service = ServiceName(resource.Resource);
            foreach (var record in resource.ScopeLogs.SelectMany(s => s.LogRecords))
            {
                _logs.Enqueue(new ReceivedLog(service, record.Body?.StringValue ?? "", Attributes(record.Attributes)));
            }
        }
    }

    private static string ServiceName(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue ?? "";

    private static Dictionary<string, object?> Attributes(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, object?>();
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = attribute.Value?.ValueCase switch
            {
                AnyValue.ValueOneofCase.StringValue => attribute.Value.StringValue,
                AnyValue.ValueOneofCase.IntValue => attribute.Value.IntValue,
                AnyValue.ValueOneofCase.BoolValue => attribute.Value.BoolValue,
                AnyValue.ValueOneofCase.DoubleValue => attribute.Value.DoubleValue,
                _ => null,
            };
        }
        return result;
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
