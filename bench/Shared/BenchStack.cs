using System.Net;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexAspire.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlexAspire.Bench;

/// The real AppHost (local PostgreSQL in a throwaway directory, local Redis) for one benchmark phase, with known
/// credentials: clients of the API send the API key, clients of the registry the registry token. Linked into every
/// bench that needs the stack.
public sealed class BenchStack : IAsyncDisposable
{
    public const string ApiKey = "bench-api-key-0123456789abcdef";
    public const string RegistryToken = "bench-registry-token";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "flexaspire-bench", Guid.NewGuid().ToString("n"));
    private DistributedApplication _app = null!;

    public static async Task<BenchStack> StartAsync(IReadOnlyDictionary<string, string> apiSettings)
    {
        var stack = new BenchStack();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FlexAspire_AppHost>(
            ["--Postgres:Mode=local", $"--Postgres:DataDirectory={Path.Combine(stack._dataDirectory, "postgres")}",
                "--Redis:Mode=local", $"--Parameters:registry-token={RegistryToken}", $"--Parameters:flex-api-key={ApiKey}"]);
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            var resource = builder.CreateResourceBuilder(project).WithEnvironment("OTEL_SDK_DISABLED", "true")
                .WithEnvironment("Logging__LogLevel__Default", "Warning");
            if (project.Name == ResourceNames.Api)
            {
                foreach (var (key, value) in apiSettings) resource.WithEnvironment(key, value);
            }
        }
        // Only the figures on the console: resource logs (postgres writes everything to stderr) and HTTP logs stay out.
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("FlexAspire.AppHost.Resources", LogLevel.None)
            .AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        stack._app = await builder.BuildAsync();
        await stack._app.StartAsync();
        foreach (var name in (string[])[ResourceNames.Registry, ResourceNames.Planner, ResourceNames.Api])
        {
            await stack._app.ResourceNotifications.WaitForResourceHealthyAsync(name);
        }
        stack.Api = stack.Client(ResourceNames.Api);
        // The API process itself (not its `dotnet run` launcher): it reports its own pid.
        var cluster = System.Text.Json.Nodes.JsonNode.Parse(await stack.Api.GetStringAsync("/api/v1/flex/cluster"))!;
        stack._apiProcessId = cluster["replica"]!["processId"]!.GetValue<int>();
        return stack;
    }

    private int _apiProcessId;

    /// The API process itself (not its `dotnet run` launcher), e.g. for `perf record -p` or `dotnet-trace collect -p`.
    public int ApiProcessId => _apiProcessId;

    /// A client of the API with the key.
    public HttpClient Api { get; private set; } = null!;

    /// Resident memory of the API process.
    public long ApiResidentBytes()
    {
        try
        {
            using var process = Process.GetProcessById(_apiProcessId);
            return process.WorkingSet64;
        }
        catch (ArgumentException)
        {
            return 0; // gone
        }
    }

    /// CPU time (user + system) the API process has used so far.
    public TimeSpan ApiCpuTime()
    {
        try
        {
            using var process = Process.GetProcessById(_apiProcessId);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return TimeSpan.Zero; // gone
        }
    }

    /// A client of one service with its credential; `decompress`: accept compressed answers like a real client.
    public HttpClient Client(string resourceName, int maxConnections = 256)
    {
        var endpoint = _app.GetEndpoint(resourceName, "http");
        var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            AutomaticDecompression = DecompressionMethods.All,
        }) { BaseAddress = endpoint, Timeout = TimeSpan.FromMinutes(10) };
        var credential = resourceName switch
        {
            ResourceNames.Api => ApiKey,
            ResourceNames.Registry => RegistryToken,
            _ => null,
        };
        if (credential is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }
        return http;
    }

    /// CPU time (user + system) a service has used so far, its launcher included.
    public TimeSpan CpuTime(string resourceName) => RootPid(resourceName) is not { } root ? TimeSpan.Zero : ProcessTree(root)
        .Aggregate(TimeSpan.Zero, (sum, p) => { try { return sum + Process.GetProcessById(p).TotalProcessorTime; } catch (ArgumentException) { return sum; } });

    /// CPU time all processes on this machine have used so far (`/proc/stat`: every state but idle and iowait), the
    /// load generator included; zero where there is no `/proc/stat`.
    public static TimeSpan MachineBusyTime()
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        var jiffies = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var busy = jiffies.Sum() - jiffies[3] - jiffies[4]; // idle, iowait
        return TimeSpan.FromSeconds(busy / 100.0); // USER_HZ
    }

    private int? RootPid(string resourceName) =>
        _app.ResourceNotifications.TryGetCurrentState(resourceName, out var state)
        && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid") is { Value: { } pid }
            ? Convert.ToInt32(pid) : null;

    private static IEnumerable<int> ProcessTree(int root)
    {
        yield return root;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && File.Exists(Path.Combine(dir, "stat")))
            {
                string stat;
                try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; }
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.TryParse(fields[1], out var parent) && parent == root) yield return pid;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }
}
