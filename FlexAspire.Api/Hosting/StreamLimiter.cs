using System.Collections.Concurrent;

namespace FlexAspire.Api.Hosting;

/// Counts open event streams per API key (Flex:Limits:MaxStreamsPerKey), in this process.
public sealed class StreamLimiter(IOptions<FlexOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int Limit => options.Value.Limits.MaxStreamsPerKey;

    public int OpenStreams(string key) => _open.TryGetValue(key, out var count) ? count : 0;

    public IDisposable? TryAcquire(string key)
    {
        while (true)
        {
            var known = _open.TryGetValue(key, out var current);
            if (current >= Limit)
                return null;
            if (known ? _open.TryUpdate(key, current + 1, current) : _open.TryAdd(key, 1))
                return new Lease(this, key);
        }
    }

    private void Release(string key) => _open.AddOrUpdate(key, 0, (_, count) => Math.Max(0, count - 1));

    private sealed class Lease(StreamLimiter owner, string key) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Release(key);
        }
    }
}

public static class StreamLimitExtensions
{
    /// Counts the endpoint's response against the caller's stream limit until the response ends (the stream is
    /// written after the handler returns, so the lease lives as long as the request, not the handler).
    public static RouteHandlerBuilder WithStreamLimit(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var limiter = http.RequestServices.GetRequiredService<StreamLimiter>();
            var key = http.User.Identity?.Name ?? "anonymous";
            if (limiter.TryAcquire(key) is not { } lease)
            {
                http.Response.Headers.RetryAfter = "5";
                return FlexLimitProblems.Breach(StatusCodes.Status429TooManyRequests, nameof(FlexLimits.MaxStreamsPerKey),
                    limiter.Limit, $"This API key already has {limiter.Limit} open event streams; close one or retry later.");
            }
            http.Response.RegisterForDispose(lease);
            return await next(context);
        });
}
