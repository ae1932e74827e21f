using System.Net;
using System.Net.Http.Json;
using System.Text;
using FlexAspire.Contracts;

namespace FlexAspire.Bench.Planner;

/// The planner and registry as deployed: the real stack, `sizes` capabilities registered over HTTP, then warm
/// `POST /api/v1/plans` latency, the registry's full and 304 listings, and finally the registry's CPU cost of
/// heartbeats (unchanged re-registrations). Returns the number of errors seen.
public static class EndToEnd
{
    // Facets an AI capability may read (input or bidirectional) and write (bidirectional or output).
    private static readonly string[] Reads = ["company_information", "post_context", "creative_brief", "strategic_rationale",
        "handoff_summary", "feedback", "positioning_context", "value_canvas", "positioning_opportunities", "messaging_stack"];
    private static readonly string[] Writes = ["creative_brief", "strategic_rationale", "handoff_summary", "feedback",
        "post_copy", "post_visual", "value_canvas", "positioning_opportunities", "positioning_recommendation", "messaging_stack"];

    public static async Task<int> RunAsync(int[] sizes, int plans, int listings, string envelope)
    {
        var errors = 0;
        await using var stack = await BenchStack.StartAsync(new Dictionary<string, string>());
        using var registry = stack.Client(ResourceNames.Registry, maxConnections: 16);
        using var planner = stack.Client(ResourceNames.Planner);
        var request = new JsonObject { ["phase"] = "initial", ["envelope"] = JsonNode.Parse(envelope) }.ToJsonString();
        var registered = 0;
        Console.WriteLine($"{"capabilities",12} {"reg/s",7} {"plan p50 ms",12} {"plan p99 ms",12} {"full GET p50 ms",16} {"full KiB",9} {"304 p50 ms",11} {"304 p99 ms",11}");
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            var added = Enumerable.Range(registered, size - registered).Select(i => Registration(i)).ToList();
            errors += await RegisterAllAsync(registry, added);
            var rate = added.Count / clock.Elapsed.TotalSeconds;
            registered = size;

            var generation = await GenerationAsync(registry);
            await WaitForPlannerAsync(planner, request, generation);
            var planTimes = await TimeAsync(plans, async () =>
            {
                using var response = await planner.PostAsync("/api/v1/plans", new StringContent(request, Encoding.UTF8, "application/json"));
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                await response.Content.ReadAsByteArrayAsync();
            });
            var fullBytes = 0L;
            var fullTimes = await TimeAsync(listings, async () =>
            {
                using var response = await registry.GetAsync("/api/v1/flex/capabilities?status=active");
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                fullBytes = response.Content.Headers.ContentLength ?? (await response.Content.ReadAsByteArrayAsync()).Length;
            });
            var etag = (await registry.GetAsync("/api/v1/flex/capabilities?status=active")).Headers.ETag!;
            var notModifiedTimes = await TimeAsync(listings * 4, async () =>
            {
                using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/flex/capabilities?status=active");
                conditional.Headers.IfNoneMatch.Add(etag);
                using var response = await registry.SendAsync(conditional);
                if (response.StatusCode != HttpStatusCode.NotModified) Interlocked.Increment(ref errors);
            });
            Console.WriteLine($"{size,12:N0} {rate,7:F0} {P(planTimes, 50),12:F2} {P(planTimes, 99),12:F2} {P(fullTimes, 50),16:F1} " +
                              $"{fullBytes / 1024.0,9:F0} {P(notModifiedTimes, 50),11:F2} {P(notModifiedTimes, 99),11:F2}");
        }

        // Heartbeats: every capability re-registers unchanged content once, 16 at a time.
        var beats = Enumerable.Range(0, registered).Select(i => Registration(i)).ToList();
        var cpuBefore = stack.CpuTime(ResourceNames.Registry);
        var wall = Stopwatch.StartNew();
        errors += await RegisterAllAsync(registry, beats);
        var cpu = stack.CpuTime(ResourceNames.Registry) - cpuBefore;
        var perBeat = cpu.TotalMilliseconds / beats.Count;
        Console.WriteLine($"\nheartbeats: {beats.Count:N0} in {wall.Elapsed.TotalSeconds:F1} s ({beats.Count / wall.Elapsed.TotalSeconds:F0}/s); " +
                          $"registry CPU {perBeat:F3} ms each → 10,000 heartbeats a minute cost {perBeat * 10_000 / 60_000:F3} of a core");
        return errors;
    }

    // Capability i is the same document every time it is generated (its own seed), so re-registering is a heartbeat.
    private static JsonObject Registration(int i)
    {
        var random = new Random(i);
        var reads = Reads.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToArray();
        var writes = Writes.Except(reads).OrderBy(_ => random.Next()).Take(1).ToArray();
        return new JsonObject
        {
            ["capabilityId"] = $"bench.Capability{i:D5}",
            ["version"] = "1.0.0",
            ["displayName"] = $"Bench capability {i}",
            ["summary"] = "A synthetic capability registered by bench/Planner.",
            ["kind"] = "execution",
            ["agentType"] = "ai",
            ["inputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray(reads.Select(r => (JsonNode)r).ToArray()) },
            ["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray(writes.Select(w => (JsonNode)w).ToArray()) },
            ["cost"] = new JsonObject { ["estimatedTokens"] = random.Next(100, 5000) },
            ["invocation"] = new JsonObject { ["url"] = $"https://agents.example/bench/{i}" },
        };
    }

    private static async Task<int> RegisterAllAsync(HttpClient registry, IReadOnlyList<JsonObject> registrations)
    {
        var errors = 0;
        await Parallel.ForEachAsync(registrations, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (registration, ct) =>
        {
            using var response = await registry.PostAsJsonAsync("/api/v1/flex/capabilities/register", registration, ct);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
                Console.Error.WriteLine($"registration {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
        });
        return errors;
    }

    private static async Task<long> GenerationAsync(HttpClient registry) =>
        (await registry.GetFromJsonAsync<JsonObject>("/api/v1/flex/capabilities/generation"))!["generation"]!.GetValue<long>();

    // The planner mirrors the registry asynchronously; measure once it plans from the generation just written.
    private static async Task WaitForPlannerAsync(HttpClient planner, string request, long generation)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            using var response = await planner.PostAsync("/api/v1/plans", new StringContent(request, Encoding.UTF8, "application/json"));
            if (response.IsSuccessStatusCode
                && JsonNode.Parse(await response.Content.ReadAsStringAsync())?["plan"]?["metadata"]?["registryGeneration"]?.GetValue<long>() >= generation)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The planner did not reach registry generation {generation}.");
    }

    private static async Task<double[]> TimeAsync(int count, Func<Task> call)
    {
        // One unmeasured pass of the same size first: the services' JIT tiering settles (the first phase otherwise
        // measures a freshly started planner).
        for (var i = 0; i < count; i++)
        {
            await call();
        }
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(samples);
        return samples;
    }

    private static double P(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
