namespace FlexAspire.Tests.Infrastructure;

public static class FlexApiClient
{
    public static string Sample(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contracts", "Samples", name));

    public static JsonObject SampleObject(string name) => JsonNode.Parse(Sample(name))!.AsObject();

    /// POSTs to run.stream and returns as soon as the headers arrive, so the test can read the stream live.
    public static async Task<HttpResponseMessage> StartRunAsync(this HttpClient client, string envelopeJson,
        string? idempotencyKey = null, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/flex/run.stream")
        {
            Content = new StringContent(envelopeJson, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }
}
