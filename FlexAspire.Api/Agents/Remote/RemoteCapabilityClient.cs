using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FlexAspire.Api.Agents.Invocation;

namespace FlexAspire.Api.Agents.Remote;

/// Calls a remote capability: POSTs the context bundle (CapabilityInvocationRequest) to its `invocation.url` and
/// reads `{output: …}`, within the outbound policy (OutboundPolicy: allowed schemes and hosts, no private addresses,
/// same-host redirects only, a bounded reply). Retries, timeouts and service discovery come from the handlers of the named HttpClient;
/// a client per call from the factory, because this singleton outlives any one HttpClient's handler.
public sealed class RemoteCapabilityClient(IHttpClientFactory httpClientFactory, OutboundPolicy policy, IOptionsMonitor<OutboundOptions> outbound)
{
    public const string HttpClientName = "flex-remote-capabilities";
    public const string ModelName = "remote";

    internal ICapabilityAnswerSource Open(CapabilityRegistration registration, CapabilityInvocationRequest request, bool offerHitlRequest) =>
        new Session(this, registration, request with { MayRequestHitl = offerHitlRequest ? true : null });

    private async Task<CapabilityAnswer> CallAsync(string url, CapabilityInvocationRequest bundle, int attempt, CancellationToken cancellationToken)
    {
        var what = $"Remote capability {bundle.CapabilityId} ({url})";
        var started = Stopwatch.GetTimestamp();
        string body;
        try
        {
            using var httpClient = httpClientFactory.CreateClient(HttpClientName);
            var target = new Uri(url);
            HttpResponseMessage response;
            for (var hops = 0; ; hops++)
            {
                if (policy.Refusal(target) is { } refusal)
                    return Refused(what, refusal);
                using var request = new HttpRequestMessage(HttpMethod.Post, target)
                {
                    Content = JsonContent.Create(bundle, FlexJsonContext.Default.CapabilityInvocationRequest),
                };
                if (policy.Trusted(target.IdnHost, target.Port)?.BearerToken is { Length: > 0 } token)
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.StatusCode is not (HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect) || response.Headers.Location is not { } location)
                    break;
                response.Dispose();
                var next = location.IsAbsoluteUri ? location : new Uri(target, location);
                // A redirect may not carry the run's inputs anywhere else than where the registration points.
                if (hops >= outbound.CurrentValue.MaxRedirects || Uri.Compare(next, target, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
                    return Refused(what, $"It redirected to {next.GetLeftPart(UriPartial.Authority)}; only redirects to the same scheme, host and port are followed ({OutboundOptions.Section}:MaxRedirects = {outbound.CurrentValue.MaxRedirects}).");
                target = next;
            }
            using (response)
            {
                if ((int)response.StatusCode is >= 300 and < 400)
                    return Refused(what, $"It answered a redirect (HTTP {(int)response.StatusCode}); only 307/308 to the same host are followed.");
                if (await ReadBoundedAsync(response.Content, outbound.CurrentValue.MaxResponseBytes, cancellationToken) is not { } text)
                {
                    return new CapabilityAnswer { Failure = new CapabilityFailure(CapabilityFailureCodes.OutputTooLarge,
                        $"{what} answered with more than {outbound.CurrentValue.MaxResponseBytes} bytes (limit {OutboundOptions.Section}:MaxResponseBytes).", Retryable: false) };
                }
                body = text;
                if (!response.IsSuccessStatusCode)
                    return new CapabilityAnswer { Failure = TransientFaults.Describe(new HttpRequestException(Snippet(body), null, response.StatusCode), what) };
            }
        }
        catch (Exception ex) when (Refusal(ex) is { } refused)
        {
            return Refused(what, refused.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new CapabilityAnswer { Failure = TransientFaults.Describe(ex, what) };
        }

        var call = new CapabilityCallRecord(attempt, ModelName, TokenUsage.Zero, Stopwatch.GetElapsedTime(started));
        // Lenient on purpose: a remote may add fields of its own; only `output` is read.
        try
        {
            if (JsonNode.Parse(body) is JsonObject answer && answer["hitlRequest"] is JsonObject asked)
                return HitlAnswer(asked, bundle, call);
            if (JsonNode.Parse(body) is JsonObject answered && answered.TryGetPropertyValue("output", out var output))
                return new CapabilityAnswer { Output = output?.DeepClone(), HasOutput = true, Call = call };
        }
        catch (JsonException)
        {
        }
        return new CapabilityAnswer
        {
            Call = call,
            Failure = new CapabilityFailure(CapabilityFailureCodes.RemoteInvalidResponse,
                $"{what} answered with something other than a JSON object {{\"output\": …}}: {Snippet(body)}", Retryable: false),
        };
    }

    /// A remote agent asks a person the way a model does through the `hitl_request` tool, and is held to the same
    /// rules: the same fields, and only while it may ask (an invalid request is re-asked like an invalid output).
    private static CapabilityAnswer HitlAnswer(JsonObject asked, CapabilityInvocationRequest bundle, CapabilityCallRecord call)
    {
        if (bundle.MayRequestHitl != true)
        {
            return new CapabilityAnswer
            {
                Call = call,
                Problem = new ValidationIssue { InstancePath = "", Keyword = HitlRequestTool.Name, Message = "This node may not ask a person now (mayRequestHitl is not true): answer an output." },
            };
        }
        var arguments = asked.ToDictionary(p => p.Key, p => (object?)JsonSerializer.SerializeToElement(p.Value, FlexJsonContext.Default.JsonNode));
        // A remote may leave out what the tool schema makes a model send; the same defaults as a person would assume.
        arguments.TryAdd("allowFreeForm", true);
        arguments.TryAdd("urgency", "normal");
        var request = HitlRequestTool.Parse(new Microsoft.Extensions.AI.FunctionCallContent("remote", HitlRequestTool.Name, arguments), out var problem);
        return request is null ? new CapabilityAnswer { Call = call, Problem = problem } : new CapabilityAnswer { Call = call, HitlRequest = request };
    }

    private static CapabilityAnswer Refused(string what, string reason) => new()
    {
        Failure = new CapabilityFailure(CapabilityFailureCodes.Refused, $"{what} was not called: {reason}", Retryable: false),
    };

    private static OutboundRefusedException? Refusal(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
            if (ex is OutboundRefusedException refused)
                return refused;
        return null;
    }

    /// The body as text, or null when it is longer than `limit` bytes (read no further than that).
    private static async Task<string?> ReadBoundedAsync(HttpContent content, long limit, CancellationToken ct)
    {
        if (content.Headers.ContentLength > limit)
            return null;
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Snippet(string body)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "(empty body)" : text.Length > 200 ? text[..200] + "…" : text;
    }

    private sealed class Session(RemoteCapabilityClient client, CapabilityRegistration registration, CapabilityInvocationRequest request)
        : ICapabilityAnswerSource
    {
        public Task<CapabilityAnswer> AskAsync(int attempt, IReadOnlyList<ValidationIssue>? previousErrors, CancellationToken cancellationToken) =>
            client.CallAsync(registration.Invocation!.Url, request with { Attempt = attempt, ValidationErrors = previousErrors }, attempt, cancellationToken);
    }
}
