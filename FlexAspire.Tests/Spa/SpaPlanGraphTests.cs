using FlexAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FlexAspire.Tests.Spa;

/// The live plan graph in a real browser. It runs against the stack whose offline model answers after
/// SlowModelStackFixture.ModelLatency: with a model that answers at once, a node's `node_start` and `node_complete`
/// frames can arrive in one read and the browser never paints the node running.
[Collection(SlowModelStackCollection.Name)]
public sealed class SpaPlanGraphTests(SlowModelStackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task The_plan_graph_shows_each_node_pending_running_and_completed_with_progress_and_the_event_timeline()
    {
        var verdict = await SpaScenario.RunAsync(stack, "plan-states", output);
        verdict.ShouldStartWith("PASS", Case.Sensitive, verdict);
    }
}
