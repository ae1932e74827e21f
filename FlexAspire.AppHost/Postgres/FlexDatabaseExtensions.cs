using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using FlexAspire.Contracts;

namespace FlexAspire.AppHost.Postgres;

/// Chooses where `flexdb` lives. Configuration `Postgres:Mode`:
/// `auto` (default: a container when a container engine answers, else the local binaries), `container`, `local`,
/// or an existing server through `ConnectionStrings:flexdb` (which wins over the mode).
public static class FlexDatabaseExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddFlexDatabase(this IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(config.GetConnectionString(ResourceNames.Database)))
        {
            return builder.AddConnectionString(ResourceNames.Database);
        }

        var mode = (config["Postgres:Mode"] ?? "auto").Trim().ToLowerInvariant();
        var useContainer = mode switch
        {
            "container" => true,
            "local" => false,
            "auto" => ContainerEngineAnswers(),
            _ => throw new InvalidOperationException($"Postgres:Mode must be auto, container or local, not '{mode}'."),
        };

        if (useContainer)
        {
            return builder.AddPostgres(ResourceNames.Postgres)
                .WithDataVolume()
                .AddDatabase(ResourceNames.Database);
        }

        var dataDirectory = config["Postgres:DataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data", "postgres"));
        return builder.AddLocalPostgres(ResourceNames.Postgres, dataDirectory, config["Postgres:BinDirectory"])
            .AddDatabase(ResourceNames.Database);
    }

    private static bool ContainerEngineAnswers()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("docker", "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker client at all
        }
    }
}
