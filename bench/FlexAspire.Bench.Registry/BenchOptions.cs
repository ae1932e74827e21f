namespace FlexAspire.Bench.Registry;

/// `--url`, `--token`, `--count`, `--concurrency`, `--queries`, `--cleanup`; url and token also from REGISTRY_URL and
/// REGISTRY_TOKEN.
public sealed record BenchOptions(Uri Url, string Token, int Count, int Concurrency, int Queries, bool Cleanup)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != $"--{name}").Skip(1).FirstOrDefault();
        var url = Arg("url") ?? Environment.GetEnvironmentVariable("REGISTRY_URL") ?? "http://localhost:5101";
        var token = Arg("token") ?? Environment.GetEnvironmentVariable("REGISTRY_TOKEN")
            ?? throw new ArgumentException("Give the registry token with --token or REGISTRY_TOKEN.");
        return new BenchOptions(new Uri(url), token,
            int.Parse(Arg("count") ?? "10000"), int.Parse(Arg("concurrency") ?? "16"), int.Parse(Arg("queries") ?? "50"),
            args.Contains("--cleanup"));
    }
}
