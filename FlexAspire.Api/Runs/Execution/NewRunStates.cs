using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FlexAspire.Api.Runs.Execution;

/// A run accepted here hands its state (row, envelope; no plan, no nodes yet) to its first execution on this replica,
/// so the execution does not read back what the intake committed a moment before. Only the intake offers and only
/// the run's grain (its one executor) takes, and nothing else changes a new run in between, so the state is what the
/// database holds. A run executed elsewhere (or whose entry was dropped) reads the database as after any pause.
/// Bounded: entries normally live for the milliseconds between intake and execution; a full table is emptied.
public sealed class NewRunStates(IOptions<RunOptions> options)
{
    private readonly ConcurrentDictionary<Guid, RunState> _states = new();
    private readonly int _capacity = Math.Max(1, options.Value.MaxBacklog);

    public void Offer(RunState state)
    {
        if (_states.Count >= _capacity)
        {
            _states.Clear(); // runs whose execution never came (cancelled while queued) do not pile up
        }
        _states[state.Run.Id] = state;
    }

    public RunState? Take(Guid runId) => _states.TryRemove(runId, out var state) ? state : null;
}
