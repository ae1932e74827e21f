namespace FlexAspire.Api.Runs.Execution.Scheduling;

/// The nodes of one schedule that are executing, and the one token that stops them all (fail-fast): every node is
/// started with it, so stopping cancels every node's agent call, and the stop waits for each node to end, so no
/// node writes anything after the run's `complete`.
public sealed class RunningNodes(CancellationToken runCt) : IDisposable
{
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(runCt);
    private readonly Dictionary<Task<NodeRunResult>, PlanNode> _tasks = [];

    public int Count => _tasks.Count;

    public void Start(PlanNode node, Func<CancellationToken, Task<NodeRunResult>> run) => _tasks[run(_stop.Token)] = node;

    /// The next node to end, and how it ended (no longer counted as running).
    public async Task<(PlanNode Node, NodeRunResult Result)> NextAsync()
    {
        var finished = await Task.WhenAny(_tasks.Keys);
        var node = _tasks[finished];
        _tasks.Remove(finished);
        return (node, await finished);
    }

    /// Cancels every running node and waits for each to end. A node that succeeded anyway (it finished before it saw
    /// the cancellation) keeps its result; the others are returned as cancelled.
    public async Task<StoppedNodes> StopAsync()
    {
        await CancelAndWaitAsync();
        var finishedAnyway = new List<(PlanNode, NodeRunResult.Succeeded)>();
        var cancelled = new List<PlanNode>();
        foreach (var (task, node) in _tasks)
        {
            if (task.IsCompletedSuccessfully && task.Result is NodeRunResult.Succeeded success)
                finishedAnyway.Add((node, success));
            else
                cancelled.Add(node);
        }
        _tasks.Clear();
        return new StoppedNodes(finishedAnyway, cancelled);
    }

    /// Cancels every running node and waits for each to end, whatever it returns or throws.
    public async Task CancelAndWaitAsync()
    {
        if (_tasks.Count == 0) return;
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks.Keys).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    public void Dispose() => _stop.Dispose();
}

public sealed record StoppedNodes(IReadOnlyList<(PlanNode Node, NodeRunResult.Succeeded Result)> FinishedAnyway, IReadOnlyList<PlanNode> Cancelled);
