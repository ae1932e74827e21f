using FlexAspire.Api.Agents;
using FlexAspire.Tests.Agents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace FlexAspire.Tests.Security;

/// Secrets in envelope inputs never reach spans or logs: the run engine's capability path puts no input values on
/// spans, and whatever instrumentation does record (GenAI message capture, log arguments) is redacted before the
/// OTLP exporter sends it. The export is real: ServiceDefaults' OTLP exporter, over HTTP/protobuf, to a loopback
/// receiver (protobuf keeps strings as UTF-8, so the payload can be searched).
public sealed class TelemetryRedactionTests
{
    private const string Secret = "crm-token-5e1d0c";

    [Fact]
    public async Task The_capability_path_puts_no_input_values_on_spans()
    {
        var recorded = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("FlexAspire", StringComparison.Ordinal) || source.Name == "Microsoft.Extensions.AI",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (recorded) recorded.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);
        using var host = AgentRuntimeTestHost.Offline();
        var registration = host.Catalog.Find("copywriter.SocialpostDrafting")!;
        var inputs = await SampleFacets.InputsFor(host, registration);
        var facet = inputs.Select(i => i.Value).OfType<JsonObject>().First();
        var field = facet.First(p => p.Value?.GetValueKind() == JsonValueKind.String).Key;
        facet[field] = $"{facet[field]} (CRM token {Secret})";

        var result = await host.Invoker.InvokeAsync(AgentRuntimeTestHost.Call(registration, inputs), CancellationToken.None);

        result.Status.ShouldBe(FlexAspire.Api.Agents.Invocation.CapabilityInvocationStatus.Succeeded);
        Activity[] spans;
        lock (recorded) spans = recorded.Where(a => a.Source.Name == AgentTelemetry.Name).ToArray();
        spans.ShouldNotBeEmpty();
        foreach (var span in spans)
        {
            Describe(span).ShouldNotContain(Secret);
        }
    }

    [Fact]
    public async Task Captured_model_messages_and_log_arguments_are_exported_redacted()
    {
        await using var receiver = await LoopbackHttpServer.StartAsync();
        receiver.Fallback = FakeReply.Status(200);
        using var host = ApiTelemetryHost(receiver.BaseAddress);
        await host.StartAsync();

        // GenAI message capture on, as OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT would switch it on.
        using var chat = new ChatClientBuilder(new EchoChatClient())
            .UseOpenTelemetry(sourceName: "FlexAspire.SecurityTest", configure: c => c.EnableSensitiveData = true)
            .Build();
        var prompt = new JsonObject { ["crm"] = new JsonObject { ["accessToken"] = Secret }, ["key"] = SecretRedactorTests.ConfiguredKey };
        await chat.GetResponseAsync($"Context: {prompt.ToJsonString()}");
        using (var span = new ActivitySource("FlexAspire.SecurityTest").StartActivity("tagged"))
        {
            span!.SetTag("flex.note", $"Authorization: Bearer {SecretRedactorTests.ConfiguredKey}");
            span.SetTag("crm.apiToken", Secret);
        }
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FlexAspire.SecurityTest")
            .LogWarning("Calling the CRM with {AccessToken} for {Voice}", Secret, $"key {SecretRedactorTests.ConfiguredKey}");
        host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000).ShouldBeTrue();
        host.Services.GetRequiredService<LoggerProvider>().ForceFlush(10_000).ShouldBeTrue();

        var traces = string.Concat(receiver.Requests.Where(r => r.Path == "/v1/traces").Select(r => r.Body));
        var logs = string.Concat(receiver.Requests.Where(r => r.Path == "/v1/logs").Select(r => r.Body));
        traces.ShouldContain("chat");
        traces.ShouldContain("[redacted]");
        logs.ShouldContain("Calling the CRM");
        foreach (var (signal, exported) in new[] { ("traces", traces), ("logs", logs) })
        {
            Leaks(exported, Secret).ShouldBeEmpty($"{signal} leak the CRM token");
            Leaks(exported, SecretRedactorTests.ConfiguredKey).ShouldBeEmpty($"{signal} leak the API key");
        }
        await host.StopAsync();
    }

    /// The API's telemetry set-up: ServiceDefaults (OTLP exporter from OTEL_EXPORTER_OTLP_ENDPOINT), AddFlexApi, AddFlexSecurity.
    private static IHost ApiTelemetryHost(Uri otlp)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            [$"{FlexOptions.Section}:ApiKeys:0"] = SecretRedactorTests.ConfiguredKey,
        });
        builder.AddServiceDefaults();
        builder.AddFlexApi();
        builder.AddFlexSecurity();
        return builder.Build();
    }

    /// Printable context around each occurrence, so a failure shows which attribute leaked.
    private static List<string> Leaks(string payload, string secret)
    {
        var leaks = new List<string>();
        for (var at = payload.IndexOf(secret, StringComparison.Ordinal); at >= 0; at = payload.IndexOf(secret, at + 1, StringComparison.Ordinal))
        {
            var start = Math.Max(0, at - 80);
            leaks.Add(new string(payload[start..Math.Min(payload.Length, at + secret.Length + 20)].Select(c => char.IsControl(c) ? '.' : c).ToArray()));
        }
        return leaks;
    }

    private static string Describe(Activity span) => string.Join("\n",
        span.TagObjects.Select(t => $"{t.Key}={t.Value}")
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}.{t.Key}={t.Value}")))
            .Append(span.DisplayName));

    private sealed class EchoChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "noted")) { ModelId = "echo" });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
            ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
