using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexAspire.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlexAspire.Bench.Runs;

/// The real AppHost (local PostgreSQL in a throwaway directory), with the API configured for one benchmark phase.
public sealed class BenchStack : IAsyncDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "flexaspire-bench", Guid.NewGuid().ToString("n"));
    private DistributedApplication _app = null!;

    public HttpClient Api { get; private set; } = null!;

    public static async Task<BenchStack> StartAsync(IReadOnlyDictionary<string, string> apiSettings)
    {
        var stack = new BenchStack();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FlexAspire_AppHost>(
            ["--Postgres:Mode=local", $"--Postgres:DataDirectory={Path.Combine(stack._dataDirectory, "postgres")}"]);
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
        stack.Api = stack._app.CreateHttpClient(ResourceNames.Api, "http");
        stack.Api.Timeout = TimeSpan.FromMinutes(10);
        return stack;
    }

    /// Resident memory of the API: its `dotnet run` launcher and the process it started.
    public long ApiResidentBytes()
    {
        _app.ResourceNotifications.TryGetCurrentState(ResourceNames.Api, out var state);
        var pid = Convert.ToInt32(state!.Snapshot.Properties.First(p => p.Name == "executable.pid").Value);
        return ProcessTree(pid).Sum(p => { try { return Process.GetProcessById(p).WorkingSet64; } catch (ArgumentException) { return 0L; } });
    }

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
