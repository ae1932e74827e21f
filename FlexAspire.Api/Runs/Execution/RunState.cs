namespace FlexAspire.Api.Runs.Execution;

/// A run as the executor resumes it: the envelope, its newest plan, and the nodes' recorded state.
public sealed record RunState(RunEntity Run, TaskEnvelope Envelope, FlexPlan? Plan, IReadOnlyDictionary<string, PlanNodeEntity> Nodes)
{
    /// The run has (or may have) HITL requests; while it has none, nodes skip the per-node HITL lookups (their
    /// clarifications, whether their agent may still ask). Set once a question is asked in this execution.
    public bool HasHitlRequests { get; set; } = true;

    /// A run not planned yet: no plan, no nodes, and no HITL request, which only a planned run can raise.
    public static RunState Unplanned(RunEntity run, TaskEnvelope envelope) =>
        new(run, envelope, null, new Dictionary<string, PlanNodeEntity>()) { HasHitlRequests = false };

    public static async Task<RunState?> LoadAsync(IServiceScopeFactory scopes, Guid runId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return null;
        }
        var envelope = JsonSerializer.Deserialize(run.Envelope, FlexJsonContext.Default.TaskEnvelope)!;
        if (run.PlanVersion == 0)
        {
            // Not planned yet (the plan's snapshot, its nodes and `plan_version` are written in one unit): no plan,
            // no nodes, and no HITL request, which only a planned run can raise. Three queries saved per new run.
            return Unplanned(run, envelope);
        }
        var snapshot = await db.PlanSnapshots.AsNoTracking()
            .Where(s => s.RunId == runId).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.RunId == runId).ToDictionaryAsync(n => n.NodeId, ct);
        var key = runId.ToString();
        return new RunState(
            run,
            envelope,
            snapshot is null ? null : JsonSerializer.Deserialize(snapshot.Plan, FlexJsonContext.Default.FlexPlan),
            nodes)
        {
            HasHitlRequests = await db.HitlRequests.AnyAsync(r => r.RunId == key, ct),
        };
    }

    /// Facet name -> value: the envelope's inputs, then every completed node's output facets in the order they
    /// completed (after a replan, a node that produced a facet again wins over the one it replaces).
    public JsonObject InitialFacets(FlexPlan plan)
    {
        var facets = Envelope.Inputs?.DeepClone().AsObject() ?? [];
        var completed = plan.Nodes
            .Select(node => (node, row: Nodes.GetValueOrDefault(node.Id)))
            .Where(n => n.row is { Status: NodeStatus.Completed, Output: not null })
            .OrderBy(n => n.row!.CompletedAt);
        foreach (var (node, row) in completed)
        {
            if (JsonNode.Parse(row!.Output!) is not JsonObject output) continue;
            foreach (var facet in node.OutputFacets)
            {
                if (output[facet] is { } value)
                {
                    facets[facet] = value.DeepClone();
                }
            }
        }
        return facets;
    }
}
