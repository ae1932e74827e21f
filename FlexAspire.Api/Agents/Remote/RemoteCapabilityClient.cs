using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexAspire.Api.Agents.Invocation;
using FlexAspire.Contracts.Capabilities;
using FlexAspire.Contracts.Events;
using FlexAspire.Contracts.Serialization;

namespace FlexAspire.Api.Agents.Remote;

/// Calls a remote capability: POSTs the context bundle (CapabilityInvocationRequest) to its `invocation.url` and
/// reads `{output: …}`. Retries, timeouts and service discovery come from the handlers of the named HttpClient;
/// a client per call from the factory, because this singleton outlives any one HttpClient's handler.
public sealed class RemoteCapabilityClient(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "flex-remote-capabilities";
    public const string ModelName = "remote";

    internal ICapabilityAnswerSource Open(CapabilityRegistration registration, CapabilityInvocationRequest request) =>
        new Session(this, registration, request);

    private async Task<CapabilityAnswer> CallAsync(string url, CapabilityInvocationRequest bundle, int attempt, CancellationToken cancellationToken)
    {
        var what = $"Remote capability {bundle.CapabilityId} ({url})";
        var started = Stopwatch.GetTimestamp();
        string body;
        try
        {
            using var httpClient = httpClientFactory.CreateClient(HttpClientName);
            using var response = await httpClient.PostAsJsonAsync(url, bundle, FlexJsonContext.Default.CapabilityInvocationRequest, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                return new CapabilityAnswer { Failure = TransientFaults.Describe(new HttpRequestException(Snippet(body), null, response.StatusCode), what) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new CapabilityAnswer { Failure = TransientFaults.Describe(ex, what) };
        }

        var call = new CapabilityCallRecord(attempt, ModelName, TokenUsage.Zero, Stopwatch.GetElapsedTime(started));
        // Lenient on purpose: a remote may add fields of its own; only `output` is read.
        try
        {
            if (JsonNode.Parse(body) is JsonObject answer && answer.TryGetPropertyValue("output", out var output))
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
