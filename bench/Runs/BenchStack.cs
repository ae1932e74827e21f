using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexAspire.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlexAspire.Bench.Runs;

/// The real AppHost (local PostgreSQL in a throwaway directory, local Redis), with the API configured for one benchmark
/// phase. The bench gives the AppHost its API key, so the runs are authorised like any client's.
public sealed class BenchStack : IAsyncDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "flexaspire-bench", Guid.NewGuid().ToString("n"));
    private DistributedApplication _app = null!;

    private readonly string _apiKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public HttpClient Api { get; private set; } = null!;

    public static async Task<BenchStack> StartAsync(IReadOnlyDictionary<string, string> apiSettings)
    {
        var stack = new BenchStack();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FlexAspire_AppHost>(
            ["--Postgres:Mode=local", $"--Postgres:DataDirectory={Path.Combine(stack._dataDirectory, "postgres")}",
                "--Redis:Mode=local", $"--Parameters:flex-api-key={stack._apiKey}"]);
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
        stack.Api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", stack._apiKey);
        // The API process itself (not its `dotnet run` launcher): it reports its own pid.
        var cluster = System.Text.Json.Nodes.JsonNode.Parse(await stack.Api.GetStringAsync("/api/v1/flex/cluster"))!;
        stack._apiProcessId = cluster["replica"]!["processId"]!.GetValue<int>();
        return stack;
    }

    private int _apiProcessId;

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

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }
}
