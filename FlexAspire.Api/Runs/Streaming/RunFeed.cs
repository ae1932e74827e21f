using FlexAspire.Api.Runs.Journal;

namespace FlexAspire.Api.Runs.Streaming;

/// One run's frames on this replica, shared by all its readers here: the newest committed frames (up to
/// `Flex:Runs:StreamWindow`) in memory, kept in seq order without gaps. Frames arrive from the journal writer (the run
/// executes here) or from the executing replica (RunFrameHub's observer); ones that arrive early wait for the gap
/// to close. Readers wait on a signal, they never poll.
public sealed class RunFeed(Guid runId, int window)
{
    private readonly object _gate = new();
    private readonly List<JournalFrame> _frames = [];
    private readonly SortedDictionary<long, JournalFrame> _early = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _last = -1; // -1 until the feed is loaded
    private bool _finished;
    private int _readers;
    private bool _closed;
    private int _started;

    public Guid RunId => runId;

    /// The run grain activation the feed is subscribed to (null: none, or not known).
    internal Guid? Activation { get; set; }

    internal bool GapSeen { get; set; }

    /// The last seq the activation had committed at the previous renewal.
    internal long BehindUntil { get; set; }
    public string CorrelationId { get; private set; } = "";
    public string TraceId { get; private set; } = "";

    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// True once the feed holds the log's tail and follows it; false when there is no such run.
    public Task<bool> Ready => _ready.Task;

    internal void SetReady(bool ready) => _ready.TrySetResult(ready);

    internal void SetFailed(Exception error) => _ready.TrySetException(error);

    /// The last seq every frame up to which is here (or was, before the window moved on).
    public long Last { get { lock (_gate) return _last; } }

    /// The run reached a terminal status: nothing more will be appended to its log.
    public bool Finished { get { lock (_gate) return _finished; } }

    /// Frames are known to be missing (some arrived after a gap): the hub reads the gap from the log.
    public bool HasGap { get { lock (_gate) return _early.Count > 0; } }

    internal bool TryStart() => Interlocked.Exchange(ref _started, 1) == 0;

    internal void Load(StreamIdentity identity, IReadOnlyList<JournalFrame> tail)
    {
        lock (_gate)
        {
            (CorrelationId, TraceId, _finished) = (identity.CorrelationId, identity.TraceId, identity.Finished);
            _frames.Clear();
            _frames.AddRange(tail);
            _last = tail.Count > 0 ? tail[^1].Seq : identity.LastSeq;
            DrainEarly();
            Signal();
        }
    }

    public void Add(IReadOnlyList<JournalFrame> frames)
    {
        lock (_gate)
        {
            var before = _last;
            foreach (var frame in frames)
            {
                if (_last < 0 || frame.Seq > _last)
                {
                    _early[frame.Seq] = frame;
                }
            }
            if (_last < 0)
            {
                return;
            }
            DrainEarly();
            if (_frames.Count > window * 2)
            {
                _frames.RemoveRange(0, _frames.Count - window);
            }
            if (_last != before)
            {
                Signal();
            }
        }
    }

    /// Copies the frames after `after` into `into` and returns the signal of the next change; `olderUntil` is set
    /// when frames after `after` are no longer in memory (the reader reads those from the log, up to that seq).
    public Task Read(long after, List<JournalFrame> into, out long? olderUntil)
    {
        lock (_gate)
        {
            var first = _frames.Count > 0 ? _frames[0].Seq : _last + 1;
            olderUntil = after + 1 < first ? first - 1 : null;
            if (olderUntil is null)
            {
                for (var i = (int)(after + 1 - first); i < _frames.Count; i++)
                {
                    into.Add(_frames[i]);
                }
            }
            return _changed.Task;
        }
    }

    internal bool TryAddReader()
    {
        lock (_gate)
        {
            if (_closed) return false;
            _readers++;
            return true;
        }
    }

    internal void RemoveReader(TimeProvider clock)
    {
        lock (_gate)
        {
            if (--_readers == 0) IdleSince = clock.GetUtcNow();
        }
    }

    internal DateTimeOffset IdleSince { get; private set; }

    /// Closes the feed when nobody has read it since `idleBefore`; a closed feed takes no more readers.
    internal bool TryClose(DateTimeOffset idleBefore)
    {
        lock (_gate)
        {
            if (_readers > 0 || IdleSince > idleBefore) return false;
            _closed = true;
            return true;
        }
    }

    internal void CloseNow()
    {
        lock (_gate) _closed = true;
    }

    private void DrainEarly()
    {
        while (_early.Remove(_last + 1, out var next))
        {
            _frames.Add(next);
            _last = next.Seq;
            if (next.Type == FlexEventTypes.Complete)
            {
                _finished = JsonNode.Parse(next.Data)?["payload"]?["status"]?.GetValue<string>() is { } status
                    && WireNames<RunStatus>.TryParse(status, out var ended) && ended.IsTerminal();
            }
        }
        foreach (var stale in _early.Keys.Where(seq => seq <= _last).ToList())
        {
            _early.Remove(stale);
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
