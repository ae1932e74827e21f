namespace FlexAspire.Bench.Runs;

public sealed record BenchOptions(int Runs, int Concurrency, int[] Rates, double RateSeconds, int[] Streams, double LatencySeconds)
{
    /// `--warmup N` (default: as many as `--runs`): unmeasured runs before the closed loop, at its concurrency.
    public required int WarmupRuns { get; init; }

    /// `--phases closed,open,streams` (default all): the phases to run.
    public required IReadOnlySet<string> Phases { get; init; }

    /// `--api-env NAME=VALUE` (repeatable): extra environment of the API process, e.g. `DOTNET_PerfMapEnabled=1` to
    /// profile it with `perf`.
    public required IReadOnlyDictionary<string, string> ApiEnvironment { get; init; }

    /// `--smoke`: every phase at a size that finishes in a few minutes on a busy machine (CI), figures not comparable.
    public static BenchOptions Parse(string[] args)
    {
        var smoke = args.Contains("--smoke");
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        static int[] List(string value) => value.Split(',').Select(int.Parse).ToArray();
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return new(
            int.Parse(Arg("--runs") ?? (smoke ? "20" : "200")),
            int.Parse(Arg("--concurrency") ?? (smoke ? "4" : "8")),
            List(Arg("--rates") ?? (smoke ? "5,10" : "50,100,200,400")),
            double.Parse(Arg("--rate-seconds") ?? (smoke ? "2" : "10"), invariant),
            List(Arg("--streams") ?? (smoke ? "20" : "500,1000,2000")),
            double.Parse(Arg("--latency") ?? (smoke ? "1" : "2"), invariant))
        {
            WarmupRuns = int.Parse(Arg("--warmup") ?? Arg("--runs") ?? (smoke ? "20" : "200")),
            Phases = (Arg("--phases") ?? "closed,open,streams").Split(',').ToHashSet(StringComparer.Ordinal),
            ApiEnvironment = args.Select((a, i) => (a, i)).Where(x => x.a == "--api-env" && x.i + 1 < args.Length)
                .Select(x => args[x.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : ""),
        };
    }
}

public static class Load
{
    /// `total` runs, at most `concurrency` at once (a bounded loop: it ends by itself).
    public static async Task<List<RunMeasurement>> RunAsync(HttpClient api, string envelope, int total, int concurrency)
    {
        var results = new List<RunMeasurement>(total);
        using var gate = new SemaphoreSlim(concurrency);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var tasks = Enumerable.Range(0, total).Select(async _ =>
        {
            await gate.WaitAsync(deadline.Token);
            try { return await RunClient.RunAsync(api, envelope, deadline.Token); }
            finally { gate.Release(); }
        }).ToList();
        results.AddRange(await Task.WhenAll(tasks));
        return results;
    }

    /// Open loop: runs arrive at `rate` per second for `duration` whether or not the earlier ones finished, as
    /// independent clients do (bounded: rate × duration runs, then it waits for them).
    public static async Task<List<RunMeasurement>> OpenLoopAsync(HttpClient api, string envelope, int rate, TimeSpan duration)
    {
        var total = (int)Math.Round(rate * duration.TotalSeconds);
        using var deadline = new CancellationTokenSource(duration + TimeSpan.FromMinutes(5));
        var tasks = new List<Task<RunMeasurement>>(total);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - System.Diagnostics.Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, deadline.Token);
            tasks.Add(Task.Run(() => RunClient.RunAsync(api, envelope, deadline.Token)));
        }
        return [.. await Task.WhenAll(tasks)];
    }

    public static double Percentile(IEnumerable<TimeSpan> values, double percentile)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    public static string Errors(IEnumerable<RunMeasurement> results)
    {
        var errors = results.Where(r => !r.Completed).GroupBy(r => r.Error).Select(g => $"{g.Key}×{g.Count()}").ToList();
        return errors.Count == 0 ? "" : $"  ({string.Join(", ", errors)})";
    }
}

/// Samples a process's resident memory every 250 ms and keeps the peak.
public sealed class MemorySampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    public long PeakBytes { get; private set; }

    public MemorySampler(Func<long> read)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            do { PeakBytes = Math.Max(PeakBytes, read()); }
            while (await timer.WaitForNextTickAsync(_stop.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result));
        });
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait();
        _stop.Dispose();
    }
}

/// The machine's load average (`/proc/loadavg`): the figures of a loaded machine are not the idle machine's.
public static class LoadAverage
{
    public static string Describe()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {fields[0]} {fields[1]} {fields[2]}";
        }
        catch (IOException)
        {
            return "load average unknown";
        }
    }
}
