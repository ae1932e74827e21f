using System.Diagnostics;
using FlexAspire.Bench;
using FlexAspire.Bench.Runs;
using FlexAspire.Contracts;

// Run benchmarks against the real stack (AppHost + local PostgreSQL). Figures are printed, never asserted.
//   dotnet run --project bench/Runs -c Release -- [--runs 200] [--concurrency 8] [--streams 25,50,100] [--latency 2]
//   --smoke: a few runs at tiny sizes; exits 1 when any run fails (CI runs it so the benchmark cannot rot).
var options = BenchOptions.Parse(args);
var envelope = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "envelope-social-post.json"));

Console.WriteLine($"FlexAspire run benchmarks — {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

var failures = 0;
await using (var stack = await BenchStack.StartAsync(new Dictionary<string, string>()))
{
    using var api = stack.Client(ResourceNames.Api);
    Console.WriteLine($"\n## Zero-latency model: {options.Runs} runs, {options.Concurrency} at a time (social-post envelope, 4 nodes)");
    await Load.RunAsync(api, envelope, options.Smoke ? 1 : 5, 1); // warm-up: JIT, connection pools, planner caches
    var wall = Stopwatch.StartNew();
    var results = await Load.RunAsync(api, envelope, options.Runs, options.Concurrency);
    wall.Stop();
    var ok = results.Count(r => r.Completed);
    failures += results.Count - ok;
    Console.WriteLine($"completed {ok}/{results.Count}, errors {results.Count - ok}{Load.Errors(results)}");
    Console.WriteLine($"sustained runs/s           {ok / wall.Elapsed.TotalSeconds,10:F1}");
    Console.WriteLine($"time to first frame  p50   {Load.Percentile(results.Select(r => r.TimeToFirstFrame), 50),10:F1} ms   p99 {Load.Percentile(results.Select(r => r.TimeToFirstFrame), 99):F1} ms");
    Console.WriteLine($"run duration         p50   {Load.Percentile(results.Select(r => r.Duration), 50),10:F1} ms   p99 {Load.Percentile(results.Select(r => r.Duration), 99):F1} ms");
    var nodes = results.SelectMany(r => r.NodeDurations).ToList();
    Console.WriteLine($"node overhead        p50   {Load.Percentile(nodes, 50),10:F1} ms   p99 {Load.Percentile(nodes, 99):F1} ms   ({nodes.Count} nodes; start→complete with a model that answers at once)");
    Console.WriteLine($"API resident memory        {stack.ResidentBytes(ResourceNames.Api) / 1048576.0,10:F0} MiB");
}

var latency = TimeSpan.FromSeconds(options.LatencySeconds);
await using (var stack = await BenchStack.StartAsync(new Dictionary<string, string>
{
    ["Flex__Model__OfflineLatency"] = latency.ToString(),
    ["Flex__Runs__MaxConcurrentRuns"] = "512",
    ["Flex__Runs__MaxBacklog"] = "1024",
    ["Flex__Runs__MaxParallelNodes"] = "4",
    // Every stream of this phase uses the bench's one API key, like a front end whose users share it.
    ["Flex__Limits__MaxStreamsPerKey"] = "4096",
}))
{
    using var api = stack.Client(ResourceNames.Api);
    Console.WriteLine($"\n## {latency.TotalSeconds:0.##} s model latency: concurrent streaming runs");
    Console.WriteLine("streams  completed  errors  wall s  run p50 s  run p99 s  API RSS peak MiB");
    foreach (var streams in options.Streams)
    {
        using var sampler = new MemorySampler(() => stack.ResidentBytes(ResourceNames.Api));
        var wall = Stopwatch.StartNew();
        var results = await Load.RunAsync(api, envelope, streams, streams);
        wall.Stop();
        var ok = results.Count(r => r.Completed);
        failures += results.Count - ok;
        Console.WriteLine($"{streams,7}  {ok,9}  {results.Count - ok,6}  {wall.Elapsed.TotalSeconds,6:F1}  {Load.Percentile(results.Select(r => r.Duration), 50) / 1000,9:F1}  {Load.Percentile(results.Select(r => r.Duration), 99) / 1000,9:F1}  {sampler.PeakBytes / 1048576.0,16:F0}{Load.Errors(results)}");
    }
}

if (options.Smoke && failures > 0)
{
    Console.Error.WriteLine($"smoke: {failures} run(s) failed");
    return 1;
}
return 0;
