using System.Security.Cryptography;
using FsCheck.Fluent;

namespace FlexAspire.Tests.Security.Fuzz;

/// Property: whatever a client sends, the API answers below 500, and every refusal is problem details that names the
/// problem and carries the trace id; afterwards a valid run still completes and no run is left waiting.
[Collection(StackCollection.Name)]
public sealed class HostileRequestFuzzTests(FlexStackFixture stack, ITestOutputHelper output)
{
    // A fixed seed makes a failure replayable; change it to explore another corpus.
    private const ulong Seed = 16_2026;
    private const int Size = 30;

    [Fact]
    public async Task Thousands_of_hostile_requests_get_no_5xx_and_problems_naming_the_problem_and_the_stack_still_runs()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var finishedRunId = await RunToCompletionAsync(api);
        var registration = RegistryTestData.ValidRegistration(RegistryTestData.NewCapabilityId("fuzz"));
        registration["invocation"] = new JsonObject { ["url"] = "https://agents.example/invoke" };
        var resume = new JsonObject
        {
            ["runId"] = finishedRunId, ["operator"] = "fuzzer", ["note"] = "n",
            ["hitl"] = new JsonObject { ["requestId"] = Guid.NewGuid().ToString(), ["approved"] = true },
        };
        var corpus = HostileCorpus.Envelopes(FlexApiClient.SampleObject("envelope-social-post.json")).Sample(1_000, new FsCheck.Rnd(Seed), Size)
            .Concat(HostileCorpus.Registrations(registration).Sample(500, new FsCheck.Rnd(Seed + 1), Size))
            .Concat(HostileCorpus.Resumes(resume).Sample(400, new FsCheck.Rnd(Seed + 2), Size))
            .Concat(HostileCorpus.Others(finishedRunId).Sample(500, new FsCheck.Rnd(Seed + 3), Size))
            .ToList();
        var violations = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var sent = 0;

        try
        {
            await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, ct) =>
            {
                if (await SendAsync(api, request, ct) is not { } response)
                    return; // the client library itself refused to send it (e.g. a newline in a header)
                using (response)
                {
                    Interlocked.Increment(ref sent);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (await ViolationAsync(response, ct) is { } violation)
                        violations.Add($"{(int)response.StatusCode} {violation} ← {request.Describe()}");
                }
            });
        }
        finally
        {
            await RemoveFuzzRegistrationsAsync();
        }

        output.WriteLine($"{sent} requests sent; answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        violations.ShouldBeEmpty($"{violations.Count} bad answers, e.g.:\n{string.Join("\n", violations.Take(15))}");
        sent.ShouldBeGreaterThanOrEqualTo(2_000, string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        statuses.Keys.ShouldContain(400);

        await RunToCompletionAsync(api);
        await Eventually.ShouldBecomeTrueAsync(async () => await UnfinishedRunsAsync() == 0, TimeSpan.FromMinutes(3),
            "every run the corpus started (mutations that stayed valid) finished: the backlog is empty");
    }

    private static async Task<HttpResponseMessage?> SendAsync(HttpClient api, HostileRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null && MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
                message.Content.Headers.ContentType = type;
        }
        foreach (var (name, value) in request.Headers)
        {
            if (name == "Authorization")
                message.Headers.Authorization = null;
            message.Headers.TryAddWithoutValidation(name, value);
        }
        try
        {
            // Headers only: a stream that was accepted is not read (its run goes on on the server).
            return await api.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex) when (ex.InnerException is not System.Net.Sockets.SocketException and not IOException)
        {
            return null;
        }
    }

    /// Null when the answer is acceptable: below 500, and a 4xx is problem details naming its problem.
    private static async Task<string?> ViolationAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
            return await response.Content.ReadAsStringAsync(ct);
        if (status < 400)
            return null;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"not problem details ({response.Content.Headers.ContentType})";
        JsonObject? problem;
        try
        {
            problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
        }
        catch (JsonException ex)
        {
            return $"unparseable problem: {ex.Message}";
        }
        var named = problem?["detail"] is JsonValue { } detail && detail.GetValue<string>().Length > 0
                    || problem?["errors"] is JsonObject { Count: > 0 } or JsonArray { Count: > 0 };
        return problem is null ? "empty problem"
            : problem["status"]?.GetValue<int>() != status ? $"status {problem["status"]} in the body"
            : problem["traceId"] is null ? "no traceId"
            : !named ? $"names no problem: {problem.ToJsonString()}"
            : null;
    }

    private static async Task<string> RunToCompletionAsync(HttpClient api)
    {
        using var response = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        var frames = await SseFrames.ReadUntilCompleteAsync(response);
        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed", frames[^1].Data.ToJsonString());
        return frames[^1].Data["runId"]!.GetValue<string>();
    }

    private async Task<long> UnfinishedRunsAsync()
    {
        await using var connection = new NpgsqlConnection(await stack.GetDatabaseConnectionStringAsync());
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM flex_runs WHERE status IN ('pending', 'running')", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// Registrations the corpus got accepted belong to the second registry token; none may outlive the test (another
    /// test's plan must never pick one).
    private async Task RemoveFuzzRegistrationsAsync()
    {
        await using var connection = new NpgsqlConnection(await stack.GetDatabaseConnectionStringAsync());
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand("DELETE FROM flex_capabilities WHERE owner = $1", connection)
        {
            // The registry's owner name of a token (RegistryTokenFilter.OwnerOf; the tests do not reference the registry).
            Parameters = { new() { Value = $"token-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FlexStackFixture.SecondRegistryToken)))[..12]}" } },
        };
        await delete.ExecuteNonQueryAsync();
    }
}
