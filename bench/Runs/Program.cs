using FlexAspire.Bench;
using FlexAspire.Bench.Runs;
using FlexAspire.Contracts;

// Run benchmarks against the real stack (AppHost + local PostgreSQL + local Redis). Figures are printed, never asserted;
// the exit code is 1 when a phase had errors at its smallest size (so `--smoke` fails CI on a broken engine).
//   dotnet run --project bench/Runs -c Release -- [--runs 200] [--concurrency 8] [--rates 50,100,200,400]
//       [--rate-seconds 10] [--streams 500,1000,2000] [--latency 2] [--phases closed,open,streams]
//       [--warmup 200] [--api-env NAME=VALUE]... [--smoke]
var options = BenchOptions.Parse(args);
var envelope = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "envelope-social-post.json"));

Console.WriteLine($"FlexAspire run benchmarks — {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {LoadAverage.Describe()}");

var failed = false;
if (options.Phases.Contains("closed") || options.Phases.Contains("open"))
{
    await using var stack = await BenchStack.StartAsync(options.ApiEnvironment);
    Console.WriteLine($"API process {stack.ApiProcessId}");
    if (options.Phases.Contains("closed"))
    {
        failed |= await ClosedLoopAsync(stack);
    }
    if (options.Phases.Contains("open"))
    {
        failed |= await OpenLoopAsync(stack);
    }
}
if (options.Phases.Contains("streams"))
{
    var latency = TimeSpan.FromSeconds(options.LatencySeconds);
    await using var stack = await BenchStack.StartAsync(new Dictionary<string, string>(options.ApiEnvironment)
    {
        ["Flex__Model__OfflineLatency"] = latency.ToString(),
    });
    failed |= await SlowModelAsync(stack, latency);
}
return failed ? 1 : 0;

async Task<bool> ClosedLoopAsync(BenchStack stack)
{
    Console.WriteLine($"\n## Zero-latency model: {options.Runs} runs, {options.Concurrency} at a time (social-post envelope, 4 nodes)");
    // Warm-up: one unmeasured pass (JIT tiering, connection pools, planner caches), so the figures are of warm services.
    await Load.RunAsync(stack.Api, envelope, options.WarmupRuns, options.Concurrency);
    var cpu = stack.ApiCpuTime();
    string[] services = [ResourceNames.Planner, ResourceNames.Registry, ResourceNames.LegacyAgents, ResourceNames.Postgres, ResourceNames.Redis];
    var serviceCpu = services.Select(stack.CpuTime).ToArray();
    var machineCpu = BenchStack.MachineBusyTime();
    var wall = Stopwatch.StartNew();
    var results = await Load.RunAsync(stack.Api, envelope, options.Runs, options.Concurrency);
    wall.Stop();
    var apiCpu = stack.ApiCpuTime() - cpu;
    serviceCpu = services.Select((name, i) => stack.CpuTime(name) - serviceCpu[i]).ToArray();
    machineCpu = BenchStack.MachineBusyTime() - machineCpu;
    var ok = results.Count(r => r.Completed);
    Console.WriteLine($"completed {ok}/{results.Count}, errors {results.Count - ok}{Load.Errors(results)}  ({LoadAverage.Describe()})");
    Console.WriteLine($"sustained runs/s           {ok / wall.Elapsed.TotalSeconds,10:F1}");
    Console.WriteLine($"time to first frame  p50   {Load.Percentile(results.Select(r => r.TimeToFirstFrame), 50),10:F1} ms   p99 {Load.Percentile(results.Select(r => r.TimeToFirstFrame), 99):F1} ms");
    Console.WriteLine($"run duration         p50   {Load.Percentile(results.Select(r => r.Duration), 50),10:F1} ms   p99 {Load.Percentile(results.Select(r => r.Duration), 99):F1} ms");
    var nodes = results.SelectMany(r => r.NodeDurations).ToList();
    var times = nodes.Select(n => n.Duration).ToList();
    Console.WriteLine($"node overhead        p50   {Load.Percentile(times, 50),10:F1} ms   p99 {Load.Percentile(times, 99):F1} ms   ({nodes.Count} nodes; start→complete with a model that answers at once)");
    foreach (var group in nodes.GroupBy(n => (n.Capability, n.Executor)).OrderBy(g => g.Key.Capability, StringComparer.Ordinal))
    {
        var own = group.Select(n => n.Duration).ToList();
        Console.WriteLine($"  {group.Key.Capability + " (" + group.Key.Executor + ")",-42} p50 {Load.Percentile(own, 50),7:F1} ms   p99 {Load.Percentile(own, 99):F1} ms   ({own.Count})");
    }
    var phases = results.Select(r => r.Phases).OfType<RunPhases>().ToList();
    Console.WriteLine($"server phases        p50   planning {Load.Percentile(phases.Select(p => p.Planning), 50):F1} ms (of which start on the grain {Load.Percentile(phases.Select(p => p.Starting ?? TimeSpan.Zero), 50):F1} ms), nodes {Load.Percentile(phases.Select(p => p.Nodes), 50):F1} ms, finishing {Load.Percentile(phases.Select(p => p.Finishing), 50):F1} ms (frame timestamps)");
    Console.WriteLine($"API CPU per run            {apiCpu.TotalMilliseconds / Math.Max(1, results.Count),10:F2} ms   ({apiCpu.TotalSeconds / wall.Elapsed.TotalSeconds:F2} cores busy over the loop)");
    var perRun = (TimeSpan t) => t.TotalMilliseconds / Math.Max(1, results.Count);
    Console.WriteLine($"other services' CPU per run {string.Join(", ", services.Select((name, i) => $"{name} {perRun(serviceCpu[i]):F2}"))} ms (each with its launcher)");
    if (machineCpu > TimeSpan.Zero)
    {
        Console.WriteLine($"machine CPU per run        {perRun(machineCpu),10:F2} ms   (every process, the load generator included: {Environment.ProcessorCount} cores allow at most ~{Environment.ProcessorCount * 1000 / Math.Max(0.01, perRun(machineCpu)):F0} runs/s)");
    }
    Console.WriteLine($"API resident memory        {stack.ApiResidentBytes() / 1048576.0,10:F0} MiB");
    return ok < results.Count;
}

async Task<bool> OpenLoopAsync(BenchStack stack)
{
    Console.WriteLine($"\n## Zero-latency model, open loop: runs arriving at a fixed rate for {options.RateSeconds:F0} s each");
    Console.WriteLine("rate/s     sent  completed  errors  done/s  ttff p99 ms  run p50 ms  run p99 ms");
    int? held = null;
    var failed = false;
    foreach (var rate in options.Rates)
    {
        var clock = Stopwatch.StartNew();
        var open = await Load.OpenLoopAsync(stack.Api, envelope, rate, TimeSpan.FromSeconds(options.RateSeconds));
        clock.Stop();
        var done = open.Count(r => r.Completed);
        var p99 = Load.Percentile(open.Select(r => r.Duration), 99);
        Console.WriteLine($"{rate,6}  {open.Count,7}  {done,9}  {open.Count - done,6}  {done / clock.Elapsed.TotalSeconds,6:F1}  {Load.Percentile(open.Select(r => r.TimeToFirstFrame), 99),11:F1}  {Load.Percentile(open.Select(r => r.Duration), 50),10:F1}  {p99,10:F1}{Load.Errors(open)}");
        if (done == open.Count && p99 < 1000) held = rate;
        if (rate == options.Rates[0]) failed |= done < open.Count;
    }
    Console.WriteLine(held is { } h ? $"highest rate held (0 errors, run p99 < 1 s): {h} runs/s" : "no rate held with 0 errors and run p99 < 1 s");
    Console.WriteLine($"({LoadAverage.Describe()})");
    return failed;
}

async Task<bool> SlowModelAsync(BenchStack stack, TimeSpan latency)
{
    Console.WriteLine($"\n## {latency.TotalSeconds:F0} s model latency: concurrent streaming runs");
    Console.WriteLine("streams  completed  errors  wall s  run p50 s  run p99 s  API RSS peak MiB (the API process)");
    var failed = false;
    foreach (var streams in options.Streams)
    {
        using var sampler = new MemorySampler(stack.ApiResidentBytes);
        var wall = Stopwatch.StartNew();
        var results = await Load.RunAsync(stack.Api, envelope, streams, streams);
        wall.Stop();
        var ok = results.Count(r => r.Completed);
        Console.WriteLine($"{streams,7}  {ok,9}  {results.Count - ok,6}  {wall.Elapsed.TotalSeconds,6:F1}  {Load.Percentile(results.Select(r => r.Duration), 50) / 1000,9:F1}  {Load.Percentile(results.Select(r => r.Duration), 99) / 1000,9:F1}  {sampler.PeakBytes / 1048576.0,16:F0}{Load.Errors(results)}");
        if (streams == options.Streams[0]) failed |= ok < results.Count;
    }
    Console.WriteLine($"({LoadAverage.Describe()})");
    return failed;
}
