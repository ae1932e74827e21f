using FlexAspire.Api.Runs.Execution.Scheduling;

namespace FlexAspire.Tests.Runs.Scheduling;

/// Which nodes the run scheduler starts, and when: the ready set over the plan's edges, in memory.
public sealed class ReadySetTests
{
    private static readonly string[] DiamondNodes = ["a", "b", "c", "d"];
    private static readonly string[] DiamondEdges = ["a>b", "a>c", "b>d", "c>d"];

    [Fact]
    public void In_a_diamond_the_root_starts_alone_then_both_branches_together_then_the_join()
    {
        var ready = new ReadySet(Plans.Of(DiamondNodes, DiamondEdges), maxParallel: 4, completed: []);

        Ids(ready.StartReady()).ShouldBe(["a"]);
        Ids(ready.StartReady()).ShouldBeEmpty();
        ready.Completed("a");
        Ids(ready.StartReady()).ShouldBe(["b", "c"]);
        ready.Completed("c");
        Ids(ready.StartReady()).ShouldBeEmpty();
        ready.Completed("b");
        Ids(ready.StartReady()).ShouldBe(["d"]);
    }

    [Fact]
    public void A_node_with_three_parents_starts_only_after_the_last_of_them_completes_whatever_their_order()
    {
        var plan = Plans.Of(["p1", "p2", "p3", "join"], "p1>join", "p2>join", "p3>join");
        var ready = new ReadySet(plan, maxParallel: 4, completed: []);

        Ids(ready.StartReady()).ShouldBe(["p1", "p2", "p3"]);
        ready.Completed("p3");
        ready.StartReady().ShouldBeEmpty();
        ready.Completed("p1");
        ready.StartReady().ShouldBeEmpty();
        ready.Completed("p2");
        Ids(ready.StartReady()).ShouldBe(["join"]);
    }

    [Fact]
    public void A_fan_out_starts_at_most_max_parallel_nodes_in_plan_order_and_fills_each_freed_slot()
    {
        var plan = Plans.Of(["root", "x1", "x2", "x3", "x4", "x5", "join"],
            "root>x1", "root>x2", "root>x3", "root>x4", "root>x5", "x1>join", "x2>join", "x3>join", "x4>join", "x5>join");
        var ready = new ReadySet(plan, maxParallel: 3, completed: []);

        Ids(ready.StartReady()).ShouldBe(["root"]);
        ready.Completed("root");
        Ids(ready.StartReady()).ShouldBe(["x1", "x2", "x3"]);
        ready.RunningCount.ShouldBe(3);
        ready.Completed("x2");
        Ids(ready.StartReady()).ShouldBe(["x4"]);
        ready.Completed("x1");
        Ids(ready.StartReady()).ShouldBe(["x5"]);
        foreach (var id in new[] { "x3", "x4" }) ready.Completed(id);
        ready.StartReady().ShouldBeEmpty();
        ready.Completed("x5");
        Ids(ready.StartReady()).ShouldBe(["join"]);
    }

    [Fact]
    public void Independent_roots_start_together_in_plan_order()
    {
        var ready = new ReadySet(Plans.Of(["z", "y", "x", "after-y"], "y>after-y"), maxParallel: 4, completed: []);

        Ids(ready.StartReady()).ShouldBe(["z", "y", "x"]);
    }

    [Fact]
    public void Once_the_schedule_stops_starting_no_node_starts_though_its_predecessors_completed()
    {
        var plan = Plans.Of(["a", "b", "c", "d", "e"], "a>b", "a>c", "b>d", "c>d");
        var ready = new ReadySet(plan, maxParallel: 4, completed: []);
        Ids(ready.StartReady()).ShouldBe(["a", "e"]);
        ready.Completed("a");
        Ids(ready.StartReady()).ShouldBe(["b", "c"]);

        ready.Failed("b");
        ready.StopStarting();
        ready.Completed("c");
        ready.Completed("e");

        ready.Stopped.ShouldBeTrue();
        ready.StartReady().ShouldBeEmpty();
        ready.RunningCount.ShouldBe(0);
    }

    [Fact]
    public void A_failed_node_is_not_started_again_and_its_successors_never_become_ready()
    {
        var ready = new ReadySet(Plans.Of(["a", "b", "other"], "a>b"), maxParallel: 1, completed: []);
        Ids(ready.StartReady()).ShouldBe(["a"]);

        ready.Failed("a");

        Ids(ready.StartReady()).ShouldBe(["other"]);
        ready.Completed("other");
        ready.StartReady().ShouldBeEmpty();
    }

    [Fact]
    public void A_node_held_for_a_person_is_not_started_again_while_nodes_beside_it_go_on()
    {
        var ready = new ReadySet(Plans.Of(["task", "after-task", "side", "after-side"], "task>after-task", "side>after-side"), maxParallel: 4, completed: []);
        Ids(ready.StartReady()).ShouldBe(["task", "side"]);

        ready.Held("task");
        ready.Completed("side");

        Ids(ready.StartReady()).ShouldBe(["after-side"]);
        ready.Completed("after-side");
        ready.StartReady().ShouldBeEmpty();
    }

    [Fact]
    public void In_a_replanned_graph_nodes_completed_under_the_earlier_version_never_start_and_new_nodes_after_them_start_at_once()
    {
        // Version 2 keeps `brief` and `draft` (completed under version 1), replaces `review` with `edit`, adds `check`.
        var v2 = Plans.Of(["brief", "draft", "edit", "check", "final"], "brief>draft", "draft>edit", "brief>check", "edit>final", "check>final");
        var ready = new ReadySet(v2, maxParallel: 4, completed: ["brief", "draft", "review"]);

        Ids(ready.StartReady()).ShouldBe(["edit", "check"]);
        ready.Completed("edit");
        ready.StartReady().ShouldBeEmpty();
        ready.Completed("check");
        Ids(ready.StartReady()).ShouldBe(["final"]);
    }

    [Fact]
    public void A_schedule_resumed_with_every_node_completed_starts_nothing()
    {
        var ready = new ReadySet(Plans.Of(DiamondNodes, DiamondEdges), maxParallel: 4, completed: DiamondNodes);

        ready.StartReady().ShouldBeEmpty();
        ready.RunningCount.ShouldBe(0);
    }

    [Fact]
    public void Max_parallel_below_one_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new ReadySet(Plans.Of(DiamondNodes, DiamondEdges), maxParallel: 0, completed: []));
    }

    private static string[] Ids(IReadOnlyList<FlexAspire.Contracts.Plans.PlanNode> nodes) => [.. nodes.Select(n => n.Id)];
}
