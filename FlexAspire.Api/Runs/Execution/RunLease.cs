using FlexAspire.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlexAspire.Api.Runs.Execution;

/// A run is executed by one API instance at a time: the one holding its lease. A lapsed lease (the instance died)
/// lets another take it over; a live one is renewed while the run executes.
public sealed class RunLease(IServiceScopeFactory scopes, IOptions<RunOptions> options, TimeProvider clock)
{
    public static string InstanceId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():n}";

    public async Task<bool> TryClaimAsync(Guid runId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var now = clock.GetUtcNow();
        var until = now + options.Value.LeaseDuration;
        var claimed = await db.Runs
            .Where(r => r.Id == runId
                        && (r.Status == RunStatusNames.Pending || r.Status == RunStatusNames.Running)
                        && (r.LeaseOwner == null || r.LeaseOwner == InstanceId || r.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.LeaseOwner, InstanceId)
                .SetProperty(r => r.LeaseExpiresAt, until), ct);
        return claimed == 1;
    }

    /// Renews the lease until `ct` ends.
    public async Task KeepAsync(Guid runId, CancellationToken ct)
    {
        var period = options.Value.LeaseDuration / 3;
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
                var until = clock.GetUtcNow() + options.Value.LeaseDuration;
                await db.Runs.Where(r => r.Id == runId && r.LeaseOwner == InstanceId)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, until), ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task ReleaseAsync(Guid runId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        await db.Runs.Where(r => r.Id == runId && r.LeaseOwner == InstanceId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null));
    }
}
