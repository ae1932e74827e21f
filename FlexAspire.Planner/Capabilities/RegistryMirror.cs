using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FlexAspire.Planner.Planning;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace FlexAspire.Planner.Capabilities;

/// The planner's copy of the registry's active capabilities, indexed once per registry generation. Every
/// `Planner:RegistryRefreshInterval` it sends a conditional GET (If-None-Match: the generation it holds); the registry
/// answers 304 after one indexed read, or the new listing, which is indexed off the request path. Plans never wait
/// for the registry except for the very first one, and a registry change reaches the next plan within the interval
/// plus one fetch. Chosen over LISTEN/NOTIFY so the planner stays stateless, with no database connection of its own.
public sealed class RegistryMirror(IHttpClientFactory clients, IOptions<PlannerOptions> options, TimeProvider time,
    ILogger<RegistryMirror> logger) : BackgroundService, ICapabilitySource
{
    public const string HttpClientName = "registry";
    public const string ActiveCapabilitiesPath = "/api/v1/flex/capabilities?status=active";

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile CapabilityIndex? _current;
    private long _lastAsked; // when the newest successful ask was sent (TimeProvider timestamp)
    private bool _failing;

    public async ValueTask<CapabilityIndex> GetIndexAsync(IReadOnlyCollection<string> pinned, CancellationToken cancellationToken)
    {
        var arrived = time.GetTimestamp();
        if (_current is { } current && time.GetElapsedTime(Interlocked.Read(ref _lastAsked)) <= options.Value.RegistryMaxStaleness
            // A caller pinning a capability it has just registered should not wait for the next refresh.
            && pinned.All(current.Capabilities.ContainsKey))
        {
            return current;
        }
        // First plan, an unknown pin, or the registry has not answered for a long time: ask now (a 304 when nothing
        // changed; concurrent requests share one ask), and refuse (503) rather than plan against a catalog nobody can
        // vouch for.
        return await RefreshAsync(cancellationToken, askedSince: arrived);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RegistryRefreshInterval, time);
        do
        {
            try
            {
                // Four polls a second would bury the dashboard in traces; a refresh a plan waits for is traced with it.
                using var untraced = SuppressInstrumentationScope.Begin();
                await RefreshAsync(stoppingToken);
                if (_failing)
                {
                    _failing = false;
                    logger.LogInformation("The registry answers again (generation {Generation})", _current?.Generation);
                }
            }
            catch (CapabilitySourceUnavailableException ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (!_failing)
                {
                    _failing = true;
                    logger.LogWarning(ex, "Cannot refresh the capability snapshot; planning keeps generation {Generation}",
                        _current?.Generation);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// Brings the snapshot up to date and returns it; throws CapabilitySourceUnavailableException when the registry
    /// cannot be read. `askedSince`: an ask sent at or after this timestamp is recent enough to reuse.
    public async Task<CapabilityIndex> RefreshAsync(CancellationToken cancellationToken, long askedSince = long.MaxValue)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var held = _current;
            if (held is not null && Interlocked.Read(ref _lastAsked) >= askedSince)
            {
                return held;
            }
            var asking = time.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Get, ActiveCapabilitiesPath);
            if (held is not null)
            {
                request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{held.Generation}\"", isWeak: true));
            }
            using var response = await clients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified && held is not null)
            {
                Interlocked.Exchange(ref _lastAsked, asking);
                return held;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new CapabilitySourceUnavailableException(
                    $"The registry answered {(int)response.StatusCode} to GET {ActiveCapabilitiesPath}.");
            }
            var started = Stopwatch.GetTimestamp();
            var records = await response.Content.ReadFromJsonAsync(FlexJsonContext.Default.ListCapabilityRecord, cancellationToken) ?? [];
            var index = CapabilityIndex.Build(records, GenerationOf(response));
            _current = index;
            Interlocked.Exchange(ref _lastAsked, asking);
            logger.LogInformation("Registry generation {Generation}: {Count} active capabilities indexed in {Milliseconds:F1} ms",
                index.Generation, index.Capabilities.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return index;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException
                                       && !cancellationToken.IsCancellationRequested)
        {
            throw new CapabilitySourceUnavailableException($"The registry could not be read: {ex.Message}", ex);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    // W/"42" -> 42; a registry without generations (0) makes every refresh a full read, which is still correct.
    private static long GenerationOf(HttpResponseMessage response) =>
        response.Headers.ETag is { } tag && long.TryParse(tag.Tag.Trim('"'), out var generation) ? generation : 0;
}
