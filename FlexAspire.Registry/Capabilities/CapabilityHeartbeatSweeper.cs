namespace FlexAspire.Registry.Capabilities;

/// Marks capabilities inactive once lastSeenAt + their heartbeat timeout has passed (CapabilityStore.ExpireLapsedAsync:
/// one idempotent statement, so any number of registry replicas can sweep at once without coordination).
public sealed class CapabilityHeartbeatSweeper(IServiceScopeFactory scopes, IOptions<RegistryOptions> options,
    RegistryTelemetry telemetry, ILogger<CapabilityHeartbeatSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be restarting; the next tick tries again.
                logger.LogWarning(ex, "Heartbeat sweep failed");
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var expired = await scope.ServiceProvider.GetRequiredService<CapabilityStore>().ExpireLapsedAsync(ct);
        if (expired > 0)
        {
            telemetry.Expired(expired);
            logger.LogInformation("Marked {Count} capabilities inactive: their heartbeat lapsed", expired);
        }
        return expired;
    }
}
