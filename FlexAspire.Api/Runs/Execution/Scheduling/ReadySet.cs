namespace FlexAspire.Api.Runs.Execution.Scheduling;

/// Which nodes of a plan may start now. A node is ready once every predecessor (each edge's `From` into it) has
/// completed; ready nodes start in the plan's order, at most `maxParallel` running at once. A node that is held for
/// a person or failed is not started again by this schedule, and once the schedule stops starting (the run fails, or
/// a replan was asked for) no node starts; the running ones are left to finish or be cancelled by the caller.
/// Nodes completed before (an earlier execution, an earlier plan version) are passed in and never start.
public sealed class ReadySet
{
    private readonly IReadOnlyList<PlanNode> _nodes;
    private readonly Dictionary<string, List<string>> _predecessors;
    private readonly int _maxParallel;
    private readonly HashSet<string> _completed;
    private readonly HashSet<string> _running = [];
    private readonly HashSet<string> _settled = [];

    public ReadySet(FlexPlan plan, int maxParallel, IEnumerable<string> completed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        _nodes = plan.Nodes;
        _maxParallel = maxParallel;
        _completed = [.. completed];
        _predecessors = plan.Edges.GroupBy(e => e.To).ToDictionary(g => g.Key, g => g.Select(e => e.From).ToList());
    }

    /// No node starts any more; the running ones are still counted until the caller reports how each ended.
    public bool Stopped { get; private set; }

    public int RunningCount => _running.Count;

    /// The nodes that may start now, in plan order, each counted as running from here on.
    public IReadOnlyList<PlanNode> StartReady()
    {
        List<PlanNode>? ready = null;
        foreach (var node in _nodes)
        {
            if (Stopped || _running.Count >= _maxParallel) break;
            if (_completed.Contains(node.Id) || _running.Contains(node.Id) || _settled.Contains(node.Id)) continue;
            if (_predecessors.TryGetValue(node.Id, out var before) && !before.All(_completed.Contains)) continue;
            _running.Add(node.Id);
            (ready ??= []).Add(node);
        }
        return ready ?? (IReadOnlyList<PlanNode>)[];
    }

    /// The node's output is recorded: its successors may start once their other predecessors completed too.
    public void Completed(string nodeId)
    {
        _running.Remove(nodeId);
        _completed.Add(nodeId);
    }

    /// The node waits for a person (a human task, a question, an output held for review): it is not started again
    /// by this schedule, and nothing after it starts.
    public void Held(string nodeId) => Settle(nodeId);

    /// The node failed for good in this schedule: it is not started again, and nothing after it starts.
    public void Failed(string nodeId) => Settle(nodeId);

    /// A failure that ends the run, a budget crossed, or a replan asked for: from now on no node starts.
    public void StopStarting() => Stopped = true;

    private void Settle(string nodeId)
    {
        _running.Remove(nodeId);
        _settled.Add(nodeId);
    }
}
