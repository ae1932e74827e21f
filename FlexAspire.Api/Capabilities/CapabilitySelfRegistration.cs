using FlexAspire.Api.Hosting;

namespace FlexAspire.Api.Capabilities;

/// Registers the capabilities this API hosts and keeps them registered: each one in its own loop, so a capability
/// the registry refuses never holds up the others, and in the background, so the API serves while the registry is
/// still starting. Re-registering on the heartbeat interval is the heartbeat.
public sealed class CapabilitySelfRegistration(
    IEnumerable<IHostedCapabilityCatalog> catalogs,
    RegistryClient registry,
    IOptionsMonitor<FlexOptions> flex,
    ILogger<CapabilitySelfRegistration> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!flex.CurrentValue.Enabled)
        {
            return;
        }
        var registrations = catalogs.SelectMany(c => c.Registrations).ToList();
        logger.LogInformation("Registering {Count} hosted capabilities", registrations.Count);
        await Task.WhenAll(registrations.Select(r => KeepRegisteredAsync(r, stoppingToken)));
    }

    private async Task KeepRegisteredAsync(CapabilityRegistration registration, CancellationToken ct)
    {
        var failures = 0;
        try
        {
            while (true)
            {
                TimeSpan wait;
                try
                {
                    await registry.RegisterAsync(registration, ct);
                    if (failures > 0 || registration.Heartbeat is null)
                    {
                        logger.LogInformation("Registered {CapabilityId} {Version}", registration.CapabilityId,
                            registration.Version);
                    }
                    if (registration.Heartbeat is not { } heartbeat)
                    {
                        return;
                    }
                    failures = 0;
                    wait = TimeSpan.FromSeconds(heartbeat.IntervalSeconds);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    failures++;
                    wait = Backoff(failures);
                    logger.LogWarning(ex, "Registering {CapabilityId} failed (attempt {Attempt}); retrying in {Delay}",
                        registration.CapabilityId, failures, wait);
                }
                await Task.Delay(wait, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The API is stopping.
        }
    }

    // 1 s, 2 s, 4 s … capped, with jitter so that many API replicas do not retry in step.
    private static TimeSpan Backoff(int failures)
    {
        var seconds = Math.Min(Math.Pow(2, failures - 1), MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (0.8 + Random.Shared.NextDouble() * 0.4));
    }
}
