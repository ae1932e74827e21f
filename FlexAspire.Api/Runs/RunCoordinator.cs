using System.Collections.Concurrent;
using System.Threading.Channels;
using FlexAspire.Api.Runs.Execution;
using Microsoft.Extensions.Options;

namespace FlexAspire.Api.Runs;

/// Owns the runs executing in this process: a bounded backlog, a fixed number of workers, and a cancellation
/// source per executing run. Runs outlive the HTTP request that started them.
public sealed class RunCoordinator(IServiceScopeFactory scopes, IOptions<RunOptions> options, ILogger<RunCoordinator> logger)
    : BackgroundService
{
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>(new() { SingleReader = false });
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _executing = new();
    private readonly ConcurrentDictionary<Guid, byte> _queued = new();
    private int _reserved;

    /// Takes a backlog slot; false when the backlog is full (the caller answers 503).
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _reserved) <= options.Value.MaxBacklog)
        {
            return true;
        }
        Interlocked.Decrement(ref _reserved);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _reserved);

    public void Enqueue(Guid runId)
    {
        _queued.TryAdd(runId, 0);
        _queue.Writer.TryWrite(runId);
    }

    /// For runs found by recovery: they take a backlog slot too, but are never refused; a run already queued or
    /// executing here is left alone.
    public void EnqueueRecovered(Guid runId)
    {
        if (_executing.ContainsKey(runId) || !_queued.TryAdd(runId, 0))
        {
            return;
        }
        Interlocked.Increment(ref _reserved);
        _queue.Writer.TryWrite(runId);
    }

    /// Cancels the run's model calls in flight; the executor then records it as cancelled.
    public bool TryCancel(Guid runId)
    {
        if (_executing.TryGetValue(runId, out var cts))
        {
            cts.Cancel();
            return true;
        }
        return false;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.MaxConcurrentRuns)).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await foreach (var runId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            Release();
            _queued.TryRemove(runId, out _);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            if (!_executing.TryAdd(runId, cts))
            {
                continue; // already executing here
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RunExecutor>().ExecuteAsync(runId, cts.Token, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Run {RunId} stopped unexpectedly", runId);
            }
            finally
            {
                _executing.TryRemove(runId, out _);
            }
        }
    }
}
