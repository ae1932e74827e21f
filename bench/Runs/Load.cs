namespace FlexAspire.Bench.Runs;

public sealed record BenchOptions(int Runs, int Concurrency, int[] Streams, double LatencySeconds, bool Smoke)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var smoke = args.Contains("--smoke");
        return new(
            int.Parse(Arg("--runs") ?? (smoke ? "6" : "200")),
            int.Parse(Arg("--concurrency") ?? (smoke ? "2" : "8")),
            (Arg("--streams") ?? (smoke ? "4" : "25,50,100")).Split(',').Select(int.Parse).ToArray(),
            double.Parse(Arg("--latency") ?? (smoke ? "0.2" : "2"), System.Globalization.CultureInfo.InvariantCulture),
            smoke);
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
