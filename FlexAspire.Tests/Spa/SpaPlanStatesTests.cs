namespace FlexAspire.Tests.Spa;

/// The plan graph's node states in a real browser. On the stack whose model takes a second per call: with a model that
/// answers at once a node runs for a few milliseconds, and its `node_start` and `node_complete` frames may reach the
/// browser in one chunk, rendered as one DOM update; a node that takes time is seen running.
[Collection(StackCollection.Name)]
public sealed class SpaPlanStatesTests(ReplicaStackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task The_plan_graph_shows_each_node_pending_running_and_completed_with_progress_and_the_event_timeline()
    {
        var verdict = await SpaScenario.RunAsync(stack, "plan-states", output);
        verdict.ShouldStartWith("PASS", Case.Sensitive, verdict);
    }
}
