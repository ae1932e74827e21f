using FlexAspire.Api.Runs.Execution.Scheduling;
using Microsoft.Extensions.Configuration;

namespace FlexAspire.Tests.Runs.Scheduling;

/// When a node is run again after a transient fault (`Flex:Runs:NodeRetries`), and when its retries are used up.
public sealed class NodeRetryPolicyTests
{
    private static readonly NodeRetryPolicy Defaults = NodeRetryPolicy.From(new RunOptions());
    private static readonly NodeRunResult Transient = new NodeRunResult.Failed(new FlexError { Code = "agent_unavailable", Message = "503" }, 1, Retryable: true);
    private static readonly NodeRunResult Permanent = new NodeRunResult.Failed(new FlexError { Code = "validation_failed", Message = "invalid" }, 3);
    private static readonly NodeRunResult Success = new NodeRunResult.Succeeded(new JsonObject(), 1);

    [Fact]
    public void A_transient_failure_is_retried_after_the_base_delay_doubled_per_retry_until_node_retries_are_used_up()
    {
        Defaults.DelayAfter(Transient, attempt: 1, TimeSpan.Zero).ShouldBe(TimeSpan.FromSeconds(1));
        Defaults.DelayAfter(Transient, attempt: 2, TimeSpan.Zero).ShouldBe(TimeSpan.FromSeconds(2));
        Defaults.DelayAfter(Transient, attempt: 3, TimeSpan.Zero).ShouldBeNull();
    }

    [Fact]
    public void A_success_a_non_retryable_failure_or_a_pause_for_a_person_is_never_retried()
    {
        Defaults.DelayAfter(Success, 1, TimeSpan.Zero).ShouldBeNull();
        Defaults.DelayAfter(Permanent, 1, TimeSpan.Zero).ShouldBeNull();
        Defaults.DelayAfter(new NodeRunResult.NeedsHuman(), 1, TimeSpan.Zero).ShouldBeNull();
    }

    [Fact]
    public void A_retry_whose_wait_and_as_much_again_would_not_fit_in_the_rest_of_node_timeout_is_not_made()
    {
        var policy = new NodeRetryPolicy(MaxRetries: 2, BaseDelay: TimeSpan.FromSeconds(1), NodeTimeout: TimeSpan.FromSeconds(10));

        policy.DelayAfter(Transient, 1, TimeSpan.FromSeconds(7.9)).ShouldBe(TimeSpan.FromSeconds(1));
        policy.DelayAfter(Transient, 1, TimeSpan.FromSeconds(8)).ShouldBeNull();
        policy.DelayAfter(Transient, 2, TimeSpan.FromSeconds(5.9)).ShouldBe(TimeSpan.FromSeconds(2));
        policy.DelayAfter(Transient, 2, TimeSpan.FromSeconds(6)).ShouldBeNull();
    }

    [Fact]
    public void The_node_retries_setting_bounds_the_attempts_and_zero_turns_retries_off()
    {
        var four = NodeRetryPolicy.From(Bind(new() { ["Flex:Runs:NodeRetries"] = "4" }));
        four.MaxAttempts.ShouldBe(5);
        four.DelayAfter(Transient, 4, TimeSpan.Zero).ShouldNotBeNull();
        four.DelayAfter(Transient, 5, TimeSpan.Zero).ShouldBeNull();

        var off = NodeRetryPolicy.From(Bind(new() { ["Flex:Runs:NodeRetries"] = "0" }));
        off.MaxAttempts.ShouldBe(1);
        off.DelayAfter(Transient, 1, TimeSpan.Zero).ShouldBeNull();
    }

    [Fact]
    public async Task A_node_failing_transiently_twice_then_succeeding_returns_the_success_after_two_reported_retries()
    {
        var script = new Queue<NodeRunResult>([Transient, Transient, Success]);
        var retries = new List<NodeRetry>();

        var result = await Instant(2).RunAsync(_ => Task.FromResult(script.Dequeue()), Record(retries), TimeProvider.System, CancellationToken.None);

        result.ShouldBe(Success);
        retries.Select(r => (r.Attempt, r.MaxAttempts)).ShouldBe([(2, 3), (3, 3)]);
        retries.ShouldAllBe(r => r.Error.Code == "agent_unavailable");
        script.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_node_failing_transiently_every_time_is_run_node_retries_plus_one_times_and_returns_the_last_failure()
    {
        var attempts = 0;
        var retries = new List<NodeRetry>();

        var result = await Instant(2).RunAsync(_ => Task.FromResult<NodeRunResult>(new NodeRunResult.Failed(
            new FlexError { Code = "agent_unavailable", Message = $"attempt {++attempts}" }, 1, Retryable: true)), Record(retries), TimeProvider.System, CancellationToken.None);

        attempts.ShouldBe(3);
        retries.Count.ShouldBe(2);
        result.ShouldBeOfType<NodeRunResult.Failed>().Error.Message.ShouldBe("attempt 3");
    }

    [Fact]
    public async Task A_non_retryable_failure_is_returned_after_one_attempt()
    {
        var attempts = 0;
        var retries = new List<NodeRetry>();

        var result = await Instant(2).RunAsync(_ => { attempts++; return Task.FromResult(Permanent); }, Record(retries), TimeProvider.System, CancellationToken.None);

        result.ShouldBe(Permanent);
        attempts.ShouldBe(1);
        retries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Each_retry_reports_its_backoff_doubled_from_the_base_delay()
    {
        var policy = new NodeRetryPolicy(MaxRetries: 3, BaseDelay: TimeSpan.FromMilliseconds(5), NodeTimeout: TimeSpan.FromMinutes(1));
        var retries = new List<NodeRetry>();

        await policy.RunAsync(_ => Task.FromResult(Transient), Record(retries), TimeProvider.System, CancellationToken.None);

        retries.Select(r => r.Delay.TotalMilliseconds).ShouldBe([5, 10, 20]);
    }

    [Fact]
    public async Task An_attempt_that_used_most_of_node_timeout_is_not_retried()
    {
        var clock = new SteppedClock();
        var policy = new NodeRetryPolicy(MaxRetries: 2, BaseDelay: TimeSpan.FromSeconds(1), NodeTimeout: TimeSpan.FromSeconds(10));
        var retries = new List<NodeRetry>();

        var result = await policy.RunAsync(_ => { clock.Advance(TimeSpan.FromSeconds(9)); return Task.FromResult(Transient); }, Record(retries), clock, CancellationToken.None);

        result.ShouldBe(Transient);
        retries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancelling_during_the_backoff_ends_the_retries()
    {
        using var cancel = new CancellationTokenSource();
        var policy = new NodeRetryPolicy(MaxRetries: 2, BaseDelay: TimeSpan.FromMinutes(1), NodeTimeout: TimeSpan.FromHours(1));
        var attempts = 0;

        var running = policy.RunAsync(_ => { attempts++; return Task.FromResult(Transient); }, (_, _) => cancel.CancelAsync(), TimeProvider.System, cancel.Token);

        await Should.ThrowAsync<OperationCanceledException>(running);
        attempts.ShouldBe(1);
    }

    private static NodeRetryPolicy Instant(int retries) => new(retries, TimeSpan.Zero, TimeSpan.FromMinutes(1));

    private static Func<NodeRetry, CancellationToken, Task> Record(List<NodeRetry> retries) => (retry, _) =>
    {
        retries.Add(retry);
        return Task.CompletedTask;
    };

    private static RunOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(RunOptions.Section).Get<RunOptions>()!;

    /// A clock that moves only when told to (attempts "take" time without the test waiting).
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
