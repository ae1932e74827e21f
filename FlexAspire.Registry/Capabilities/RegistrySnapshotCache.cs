using System.Text;

namespace FlexAspire.Registry.Capabilities;

/// What the registry serves most often, kept per generation: the full active listing (UTF-8 JSON, built once per
/// change instead of once per GET) and the counts every registration answer carries. Any replica may change the
/// registry, so callers pass the generation they just read from the database; a stale entry is rebuilt, never served.
public sealed class RegistrySnapshotCache(IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile ActiveListing? _active;
    private volatile GenerationCounts? _counts;

    public sealed record ActiveListing(long Generation, byte[] Utf8Json);

    /// The active listing at `generation` or newer.
    public async Task<ActiveListing> ActiveAsync(long generation, CancellationToken ct)
    {
        if (_active is { } cached && cached.Generation >= generation)
        {
            return cached;
        }
        // One rebuild at a time: 10,000 records are megabytes, and every concurrent reader wants the same ones.
        await _loading.WaitAsync(ct);
        try
        {
            if (_active is { } loaded && loaded.Generation >= generation)
            {
                return loaded;
            }
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<CapabilityStore>();
            var listing = await store.ListAsync(CapabilityStore.Active, after: null, limit: null, ct);
            var fresh = new ActiveListing(listing.Generation, Encoding.UTF8.GetBytes(listing.Json));
            _active = fresh;
            return fresh;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// Registry counts at `generation` or newer: a heartbeat, which never changes the generation, reads no table.
    public async Task<RegistryCounts> CountsAsync(CapabilityStore store, long generation, CancellationToken ct)
    {
        if (_counts is not { } counts || counts.Generation < generation)
        {
            counts = await store.CountsAsync(ct);
            if (_counts is not { } current || current.Generation < counts.Generation)
            {
                _counts = counts;
            }
        }
        return new RegistryCounts { Active = counts.Active, Count = counts.Count };
    }
}
