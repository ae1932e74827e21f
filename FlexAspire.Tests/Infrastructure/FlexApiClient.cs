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

    /// Starts the social-post sample, reads its stream up to the first node_complete and calls `kill` while the stream is
    /// still open: the run then has finished work behind it and work ahead. Returns the run, the seq of that frame and
    /// the node it completed.
    public static async Task<(string RunId, long LastSeq, string CompletedNode)> StartSampleAndKillAfterFirstNodeAsync(
        this HttpClient api, Action kill, TimeSpan timeout)
    {
        using var response = await api.StartRunAsync(Sample("envelope-social-post.json"));
        var runId = response.Headers.GetValues("X-Flex-Run-Id").Single();
        await using var stream = await response.Content.ReadAsStreamAsync();
        SseFrame? frame = null;
        await foreach (var f in SseFrames.ReadAsync(stream, new CancellationTokenSource(timeout).Token))
        {
            frame = f;
            if (f.Type == "node_complete") break;
        }
        frame.ShouldNotBeNull().Type.ShouldBe("node_complete");
        kill();
        return (runId, frame.Seq, frame.Data["nodeId"]!.GetValue<string>());
    }
}
