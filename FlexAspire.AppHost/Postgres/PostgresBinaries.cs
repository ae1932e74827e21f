using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FlexAspire.AppHost.Postgres;

internal static class PostgresBinaries
{
    public static string? Find()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            : Enumerable.Empty<string>();
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Where(d => d.Length > 0 && File.Exists(Path.Combine(d, "postgres")) && File.Exists(Path.Combine(d, "initdb")));
        return versions.Concat(onPath).FirstOrDefault();
    }

    public static async Task InitDbIfMissingAsync(string bin, string dataDirectory, bool asPostgresUser, ILogger logger, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }
        Directory.CreateDirectory(dataDirectory);
        if (asPostgresUser)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", dataDirectory], logger, ct);
        }
        var initdb = Path.Combine(bin, "initdb");
        string[] args = ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-instructions"];
        logger.LogInformation("Creating a PostgreSQL cluster in {DataDirectory}", dataDirectory);
        if (asPostgresUser)
        {
            await RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", initdb, .. args], logger, ct);
        }
        else
        {
            await RunAsync(initdb, args, logger, ct);
        }
    }

    private static async Task RunAsync(string fileName, string[] args, ILogger logger, CancellationToken ct)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        logger.LogInformation("{Command}: {Output}", Path.GetFileName(fileName), (await stdout).Trim());
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} exited with {process.ExitCode}: {(await stderr).Trim()}");
        }
    }
}
