using System.Diagnostics;

namespace FlexAspire.AppHost.Hosting;

/// Whether a container engine answers (`docker info`): Aspire's PostgreSQL and Redis containers need one; without it
/// the AppHost runs the machine's own binaries as executable resources.
internal static class ContainerEngine
{
    private static readonly Lazy<bool> Probe = new(Answers);

    public static bool Available => Probe.Value;

    /// `auto` asks the engine; `container` / `local` force the choice (configuration `<part>:Mode`).
    public static bool UseContainer(string? mode, string setting)
    {
        var normalized = (mode ?? "auto").Trim().ToLowerInvariant();
        return normalized switch
        {
            "container" => true,
            "local" => false,
            "auto" => Available,
            _ => throw new InvalidOperationException($"{setting} must be auto, container or local, not '{normalized}'."),
        };
    }

    private static bool Answers()
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
