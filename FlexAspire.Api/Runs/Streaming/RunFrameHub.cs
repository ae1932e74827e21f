using System.Collections.Concurrent;
using FlexAspire.Api.Runs.Journal;

namespace FlexAspire.Api.Runs.Streaming;

/// This replica's run streams: one RunFeed per run being read here, however many readers it has, and one
/// subscription per feed to the run's grain (the observer is this hub). The database is read once when a feed opens
/// (the run's identity and the log's tail), for a reader that asks for frames older than the window, and to fill a
/// gap: after the run's activation changed (its replica died, or it paused and was resumed elsewhere) or when a frame
/// went missing. A feed renews its subscription every `StreamSubscriptionRefresh` while the run can still change, and
/// closes `StreamLinger` after its last reader left.
public sealed class RunFrameHub(IServiceScopeFactory scopes, IGrainFactory grains, ILocalSiloDetails silo, IOptions<RunOptions> options,
    TimeProvider clock, JournalTelemetry telemetry, ILogger<RunFrameHub> logger) : IRunFrameObserver
{
    private const int ReadBatch = 256;
    private readonly ConcurrentDictionary<Guid, RunFeed> _feeds = new();

    public int OpenFeeds => _feeds.Count;

    public Task OnFramesAsync(Guid runId, JournalFrame[] frames)
    {
        Deliver(runId, frames);
        return Task.CompletedTask;
    }

    public void Deliver(Guid runId, IReadOnlyList<JournalFrame> frames)
    {
        if (_feeds.TryGetValue(runId, out var feed))
        {
            feed.Add(frames);
        }
    }

    /// A new run's feed, from the frames its intake just wrote (no read), subscribed before the run starts.
    public async Task SeedAsync(Guid runId, StreamIdentity identity, IReadOnlyList<JournalFrame> frames)
    {
        var feed = new RunFeed(runId, options.Value.StreamWindow);
        if (!_feeds.TryAdd(runId, feed) || !feed.TryStart())
        {
            return;
        }
        feed.Load(identity, frames);
        feed.SetReady(true);
        feed.Activation = (await SubscribeAsync(runId))?.Activation;
        _ = MaintainAsync(feed);
    }

    /// Adds a reader to the run's feed (opening it when needed); null when there is no such run.
    public async Task<FeedLease?> AttachAsync(Guid runId, CancellationToken ct)
    {
        while (true)
        {
            var feed = _feeds.GetOrAdd(runId, id => new RunFeed(id, options.Value.StreamWindow));
            if (!feed.TryAddReader())
            {
                await Task.Yield(); // it is closing; the next one takes its place
                continue;
            }
            if (feed.TryStart())
            {
                _ = OpenAsync(feed);
            }
            var lease = new FeedLease(feed, this);
            try
            {
                if (await feed.Ready.WaitAsync(ct))
                {
                    return lease;
                }
            }
            catch
            {
                lease.Dispose();
                throw;
            }
            lease.Dispose();
            return null;
        }
    }

    /// Frames of the log after `after` up to `until` (or its end), in order; for the frames a window does not hold.
    public async Task<List<JournalFrame>> ReadLogAsync(Guid runId, long after, long? until, string why, CancellationToken ct)
    {
        telemetry.RecordStreamRead(why);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var query = db.RunEvents.AsNoTracking().Where(e => e.RunId == runId && e.Seq > after);
        if (until is { } last)
        {
            query = query.Where(e => e.Seq <= last);
        }
        return await query.OrderBy(e => e.Seq).Take(ReadBatch).Select(e => new JournalFrame(e.Seq, e.Type, e.Payload)).ToListAsync(ct);
    }

    private async Task OpenAsync(RunFeed feed)
    {
        try
        {
            StreamIdentity? identity;
            telemetry.RecordStreamRead("identity");
            await using (var scope = scopes.CreateAsyncScope())
            {
                identity = await RunQueries.FindStreamIdentityAsync(scope.ServiceProvider.GetRequiredService<FlexDbContext>(), feed.RunId, CancellationToken.None);
            }
            if (identity is null)
            {
                Close(feed);
                feed.SetReady(false);
                return;
            }
            // Subscribed before the tail is read: a frame committed in between is in the tail, or delivered, or both.
            feed.Activation = identity.Finished ? null : (await SubscribeAsync(feed.RunId))?.Activation;
            feed.Load(identity, await ReadTailAsync(feed.RunId));
            feed.SetReady(true);
            _ = MaintainAsync(feed);
        }
        catch (Exception ex)
        {
            Close(feed);
            feed.SetFailed(ex);
        }
    }

    private async Task<List<JournalFrame>> ReadTailAsync(Guid runId)
    {
        telemetry.RecordStreamRead("window");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var tail = await db.RunEvents.AsNoTracking().Where(e => e.RunId == runId).OrderByDescending(e => e.Seq).Take(options.Value.StreamWindow)
            .Select(e => new JournalFrame(e.Seq, e.Type, e.Payload)).ToListAsync();
        tail.Reverse();
        return tail;
    }

    /// Renews the subscription while the run can change, fills gaps from the log, closes the feed once idle.
    private async Task MaintainAsync(RunFeed feed)
    {
        var refresh = options.Value.StreamSubscriptionRefresh;
        while (true)
        {
            await Task.Delay(refresh, clock);
            if (feed.TryClose(clock.GetUtcNow() - options.Value.StreamLinger))
            {
                _feeds.TryRemove(new KeyValuePair<Guid, RunFeed>(feed.RunId, feed));
                return;
            }
            if (!feed.Finished)
            {
                await RenewAsync(feed);
            }
        }
    }

    /// Subscribes the feed again (the run's activation may have changed) and reads from the log what it missed: all
    /// after its last frame when the activation changed, or when it is still behind what the activation had committed
    /// at the previous renewal, or has had a gap since then (a frame lost on the way).
    public async Task RenewAsync(RunFeed feed)
    {
        try
        {
            var subscription = await SubscribeAsync(feed.RunId);
            // Frames on their way are not missed: behind (or a gap) counts only when it is still so one renewal later.
            var missed = subscription is null || subscription.Activation != feed.Activation
                || feed.BehindUntil > feed.Last || (feed.GapSeen && feed.HasGap);
            feed.Activation = subscription?.Activation;
            feed.BehindUntil = subscription?.LastSeq ?? 0;
            feed.GapSeen = feed.HasGap;
            if (missed)
            {
                await CatchUpAsync(feed);
            }
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "The stream feed of run {RunId} could not renew its subscription", feed.RunId);
        }
    }

    private async Task CatchUpAsync(RunFeed feed)
    {
        List<JournalFrame> frames;
        do
        {
            frames = await ReadLogAsync(feed.RunId, feed.Last, null, "catch_up", CancellationToken.None);
            feed.Add(frames);
        } while (frames.Count == ReadBatch);
    }

    private async Task<RunSubscription?> SubscribeAsync(Guid runId)
    {
        try
        {
            // Bounded: a replica that just died does not hold up a stream; the next renewal catches up.
            return await grains.GetGrain<IRunGrain>(runId).SubscribeAsync(Observer, silo.SiloAddress.ToParsableString())
                .WaitAsync(options.Value.StreamSubscriptionRefresh);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Could not subscribe to run {RunId}; the next renewal catches up", runId);
            return null;
        }
    }

    private IRunFrameObserver Observer => _observer ??= grains.CreateObjectReference<IRunFrameObserver>(this);
    private IRunFrameObserver? _observer;

    private void Close(RunFeed feed)
    {
        feed.CloseNow();
        _feeds.TryRemove(new KeyValuePair<Guid, RunFeed>(feed.RunId, feed));
    }

    internal void Release(RunFeed feed) => feed.RemoveReader(clock);

    /// One reader's hold on a feed; disposing it lets the feed close once nobody reads it.
    public sealed class FeedLease(RunFeed feed, RunFrameHub hub) : IDisposable
    {
        private int _disposed;
        public RunFeed Feed => feed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) hub.Release(feed);
        }
    }
}
