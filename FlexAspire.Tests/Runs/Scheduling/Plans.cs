namespace FlexAspire.Tests.Runs.Scheduling;

/// Plans for the scheduler's in-process tests: nodes in the order given, edges written "from>to".
internal static class Plans
{
    public static FlexPlan Of(string[] nodes, params string[] edges) => new()
    {
        RunId = "run-1",
        Version = 1,
        Nodes = [.. nodes.Select(Node)],
        Edges = [.. edges.Select(e => e.Split('>')).Select(e => new PlanEdge { From = e[0], To = e[1] })],
    };

    public static PlanNode Node(string id) => new()
    {
        Id = id,
        Kind = CapabilityKind.Execution,
        CapabilityId = id,
        Label = id,
        Status = NodeStatus.Pending,
        InputFacets = [],
        OutputFacets = [id],
        Contracts = new NodeContracts { Output = new FacetsOutputContract { Facets = [id] } },
        Executor = new NodeExecutor { Type = AgentType.Ai },
        Rationale = [],
    };
}
