using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FlexAspire.Bench.Registry;

// Registry benchmark: registrations per second, then GET capabilities?status=active latency with the registry
// holding `count` capabilities. Prints figures; asserts nothing. See bench/README.md.
var options = BenchOptions.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency })
{
    BaseAddress = options.Url,
    Timeout = TimeSpan.FromMinutes(2),
};
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
var run = Guid.NewGuid().ToString("n")[..8];
var ids = Enumerable.Range(0, options.Count).Select(i => $"bench{run}.Capability{i:D5}").ToArray();

Console.WriteLine($"registry {options.Url}, {options.Count} capabilities, concurrency {options.Concurrency}");
var registrationLatencies = new double[ids.Length];
var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, ids.Length),
    new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, ct) =>
    {
        var started = Stopwatch.GetTimestamp();
        using var content = new StringContent(Registration(ids[i]).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/v1/flex/capabilities/register", content, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{ids[i]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
        registrationLatencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    });
clock.Stop();
Console.WriteLine($"registrations: {ids.Length / clock.Elapsed.TotalSeconds:F0}/s ({clock.Elapsed.TotalSeconds:F1} s); " +
                  $"latency {Percentiles(registrationLatencies)}");

for (var warmUp = 0; warmUp < 3; warmUp++)
{
    await http.GetStringAsync("/api/v1/flex/capabilities?status=active");
}
var queryLatencies = new double[options.Queries];
var listed = 0;
var bytes = 0;
for (var q = 0; q < options.Queries; q++)
{
    var started = Stopwatch.GetTimestamp();
    var body = await http.GetByteArrayAsync("/api/v1/flex/capabilities?status=active");
    queryLatencies[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    bytes = body.Length;
    listed = q == 0 ? JsonNode.Parse(body)!.AsArray().Count : listed;
}
Console.WriteLine($"GET capabilities?status=active: {listed} records, {bytes / 1024} KiB; latency {Percentiles(queryLatencies)} " +
                  $"over {options.Queries} sequential requests");

if (options.Cleanup)
{
    await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency },
        async (id, ct) => (await http.DeleteAsync($"/api/v1/flex/capabilities/{id}", ct)).Dispose());
    Console.WriteLine($"removed the {ids.Length} benchmark capabilities");
}

static string Percentiles(double[] samples)
{
    var sorted = samples.Order().ToArray();
    double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    return $"p50 {At(0.50):F1} ms, p99 {At(0.99):F1} ms, max {sorted[^1]:F1} ms";
}

// Shaped like a real registration: facet contracts (compiled at registration), cost and a heartbeat-free lifetime.
static JsonObject Registration(string id) => new()
{
    ["capabilityId"] = id,
    ["version"] = "1.0.0",
    ["displayName"] = "Benchmark capability",
    ["summary"] = "Drafts post copy from a creative brief; registered by the registry benchmark.",
    ["kind"] = "execution",
    ["agentType"] = "ai",
    ["inputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("company_information", "creative_brief") },
    ["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("post_copy") },
    ["cost"] = new JsonObject { ["tier"] = "standard", ["estimatedTokens"] = 800, ["pricePer1kTokens"] = 0.002, ["currency"] = "USD" },
};
