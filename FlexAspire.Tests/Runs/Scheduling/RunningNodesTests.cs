using FlexAspire.Api.Runs.Execution.Scheduling;

namespace FlexAspire.Tests.Runs.Scheduling;

/// Fail-fast: how the scheduler stops the nodes still running when one fails, with real tasks and cancellation.
public sealed class RunningNodesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Stopping_cancels_every_running_node_and_returns_only_after_each_has_ended()
    {
        using var running = new RunningNodes(CancellationToken.None);
        var ended = new ConcurrentBag<string>();
        foreach (var id in new[] { "b", "c", "e" })
            running.Start(Plans.Node(id), token => Hanging(id, token, ended));

        var stopped = await running.StopAsync().WaitAsync(Bound);

        stopped.Cancelled.Select(n => n.Id).ShouldBe(["b", "c", "e"]);
        stopped.FinishedAnyway.ShouldBeEmpty();
        ended.OrderBy(id => id).ShouldBe(["b", "c", "e"]);
        running.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_sibling_that_succeeded_before_the_stop_keeps_its_result_and_one_that_failed_is_cancelled()
    {
        using var running = new RunningNodes(CancellationToken.None);
        var output = new JsonObject { ["done"] = true };
        running.Start(Plans.Node("finished"), _ => Task.FromResult<NodeRunResult>(new NodeRunResult.Succeeded(output, 2)));
        running.Start(Plans.Node("broken"), _ => Task.FromResult<NodeRunResult>(new NodeRunResult.Failed(new FlexError { Code = "x", Message = "x" }, 1)));
        running.Start(Plans.Node("hanging"), token => Hanging("hanging", token, []));

        var stopped = await running.StopAsync().WaitAsync(Bound);

        stopped.FinishedAnyway.Single().Node.Id.ShouldBe("finished");
        stopped.FinishedAnyway.Single().Result.Output.ShouldBeSameAs(output);
        stopped.Cancelled.Select(n => n.Id).ShouldBe(["broken", "hanging"]);
    }

    [Fact]
    public async Task Nodes_are_reported_in_the_order_they_end_and_leave_the_running_set()
    {
        using var running = new RunningNodes(CancellationToken.None);
        var first = new TaskCompletionSource<NodeRunResult>();
        var second = new TaskCompletionSource<NodeRunResult>();
        running.Start(Plans.Node("slow"), _ => first.Task);
        running.Start(Plans.Node("fast"), _ => second.Task);

        second.SetResult(new NodeRunResult.NeedsHuman());
        var (node, result) = await running.NextAsync().WaitAsync(Bound);

        node.Id.ShouldBe("fast");
        result.ShouldBeOfType<NodeRunResult.NeedsHuman>();
        running.Count.ShouldBe(1);
        first.SetResult(new NodeRunResult.NeedsHuman());
        (await running.NextAsync().WaitAsync(Bound)).Node.Id.ShouldBe("slow");
        running.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Cancelling_the_run_cancels_the_token_every_running_node_was_started_with()
    {
        using var run = new CancellationTokenSource();
        using var running = new RunningNodes(run.Token);
        var ended = new ConcurrentBag<string>();
        running.Start(Plans.Node("a"), token => Hanging("a", token, ended));
        running.Start(Plans.Node("b"), token => Hanging("b", token, ended));

        await run.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(running.NextAsync().WaitAsync(Bound));
        await running.CancelAndWaitAsync().WaitAsync(Bound);
        ended.OrderBy(id => id).ShouldBe(["a", "b"]);
    }

    [Fact]
    public async Task Cancel_and_wait_returns_after_a_node_that_throws_on_cancellation_has_ended()
    {
        using var running = new RunningNodes(CancellationToken.None);
        var ended = new ConcurrentBag<string>();
        running.Start(Plans.Node("throws"), async token =>
        {
            await Hanging("throws", token, ended);
            throw new InvalidOperationException("unreachable");
        });

        await running.CancelAndWaitAsync().WaitAsync(Bound);

        ended.ShouldBe(["throws"]);
    }

    /// A node whose agent call lasts until it is cancelled; it records that it ended only after a further yield, so a
    /// stop that did not wait for it would not see the record.
    private static async Task<NodeRunResult> Hanging(string id, CancellationToken token, ConcurrentBag<string> ended)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token);
            return new NodeRunResult.NeedsHuman();
        }
        finally
        {
            await Task.Delay(20, CancellationToken.None);
            ended.Add(id);
        }
    }
}
