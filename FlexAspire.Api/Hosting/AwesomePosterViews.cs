namespace FlexAspire.Api.Hosting;

/// `?view=awesomeposter` on GET tasks and GET runs/{id}: the response shapes of the existing awesomeposter flex server
/// (docs/compatibility.md), built from flex's own views. Nothing flex computes differently is invented: what it has no
/// notion of is null, as the existing server answers when it lacks a value.
public static class AwesomePosterViews
{
    public const string Name = "awesomeposter";

    /// Their task statuses: flex's pending task is their awaiting_submission; declined and expired are cancelled.
    public static string? TaskStatusFromTheirs(string? status) => status switch
    {
        "awaiting_submission" or "in_progress" => "pending",
        _ => status,
    };

    public static JsonObject Tasks(IReadOnlyList<HumanTask> tasks) => new()
    {
        ["ok"] = true,
        ["count"] = tasks.Count,
        ["tasks"] = new JsonArray([.. tasks.Select(Task)]),
    };

    private static JsonNode Task(HumanTask task)
    {
        var outputFacets = (task.OutputSchema["properties"] as JsonObject)?.Select(p => (JsonNode?)p.Key) ?? [];
        return new JsonObject
        {
            ["taskId"] = task.TaskId,
            ["runId"] = task.RunId,
            ["nodeId"] = task.NodeId,
            ["capabilityId"] = task.CapabilityId,
            ["label"] = null,
            ["status"] = task.Status switch
            {
                HumanTaskStatus.Pending => "awaiting_submission",
                HumanTaskStatus.Completed => "completed",
                _ => "cancelled",
            },
            ["assignedTo"] = task.AssignedTo,
            ["role"] = task.Role,
            ["dueAt"] = task.DueAt,
            ["priority"] = null,
            ["instructions"] = null,
            ["defaults"] = new JsonObject { ["role"] = task.Role },
            ["metadata"] = new JsonObject { ["currentInputs"] = task.Inputs.DeepClone() },
            ["timeoutSeconds"] = null,
            ["maxNotifications"] = null,
            ["notifyChannels"] = null,
            ["createdAt"] = task.CreatedAt,
            ["updatedAt"] = task.CreatedAt,
            ["contracts"] = new JsonObject { ["output"] = new JsonObject { ["mode"] = "json_schema", ["schema"] = task.OutputSchema.DeepClone() } },
            ["facets"] = new JsonObject
            {
                ["input"] = new JsonArray([.. task.Inputs.Select(p => (JsonNode?)p.Key)]),
                ["output"] = new JsonArray([.. outputFacets]),
            },
            ["facetProvenance"] = null,
            ["runStatus"] = null,
            ["runUpdatedAt"] = null,
            // flex's own: what the person works from and what the answer must satisfy.
            ["inputs"] = task.Inputs.DeepClone(),
            ["outputSchema"] = task.OutputSchema.DeepClone(),
        };
    }

    public static JsonObject Run(RunDetail run)
    {
        var envelope = JsonSerializer.SerializeToNode(run.Envelope, FlexJsonContext.Default.TaskEnvelope)!.AsObject();
        var status = JsonSerializer.SerializeToNode(run.Status, FlexJsonContext.Default.RunStatus);
        var plan = run.Plan is null ? null : JsonSerializer.SerializeToNode(run.Plan, FlexJsonContext.Default.FlexPlan);
        var planVersion = run.Plan?.Version ?? 0;
        var pendingNodeIds = new JsonArray([.. (run.Nodes ?? []).Where(n => n.Status is NodeStatus.Pending or NodeStatus.Running or NodeStatus.AwaitingHitl or NodeStatus.AwaitingHuman)
            .Select(n => (JsonNode?)n.NodeId)]);
        return new JsonObject
        {
            ["ok"] = true,
            ["run"] = new JsonObject
            {
                ["runId"] = run.RunId,
                ["status"] = status,
                ["threadId"] = run.Envelope.Constraints?["threadId"]?.DeepClone(),
                ["objective"] = run.Envelope.Objective,
                ["schemaHash"] = null,
                ["planVersion"] = planVersion,
                ["metadata"] = envelope["metadata"]?.DeepClone(),
                ["envelope"] = envelope,
                ["contextSnapshot"] = run.Facets is null ? null : new JsonObject { ["facets"] = run.Facets.DeepClone() },
                ["createdAt"] = run.CreatedAt,
                ["updatedAt"] = run.UpdatedAt,
            },
            ["output"] = run.Output is null ? null : new JsonObject
            {
                ["planVersion"] = planVersion,
                ["status"] = status?.DeepClone(),
                ["schemaHash"] = null,
                ["recordedAt"] = run.UpdatedAt,
                ["updatedAt"] = run.UpdatedAt,
                ["output"] = run.Output.DeepClone(),
                ["facets"] = run.Facets?.DeepClone(),
                ["provenance"] = null,
            },
            ["planVersions"] = new JsonArray([.. (run.PlanVersions ?? []).Select(v => (JsonNode?)new JsonObject
            {
                ["version"] = v, ["schemaHash"] = null, ["pendingNodeIds"] = v == planVersion ? pendingNodeIds.DeepClone() : new JsonArray(),
                ["createdAt"] = null, ["updatedAt"] = null, ["metadata"] = v == planVersion ? plan?["metadata"]?.DeepClone() : null,
            })]),
            ["latestSnapshot"] = plan is null ? null : new JsonObject
            {
                ["version"] = planVersion, ["schemaHash"] = null, ["pendingNodeIds"] = pendingNodeIds.DeepClone(),
                ["createdAt"] = null, ["updatedAt"] = run.UpdatedAt, ["facets"] = run.Facets?.DeepClone(), ["snapshot"] = plan.DeepClone(),
            },
            ["nodes"] = new JsonArray([.. (run.Nodes ?? []).Select(n => (JsonNode?)Node(n, run.Plan?.Nodes.FirstOrDefault(p => p.Id == n.NodeId)))]),
        };
    }

    private static JsonObject Node(RunNodeState state, PlanNode? planned) => new()
    {
        ["nodeId"] = state.NodeId,
        ["capabilityId"] = state.CapabilityId,
        ["label"] = planned?.Label,
        ["status"] = JsonSerializer.SerializeToNode(state.Status, FlexJsonContext.Default.NodeStatus),
        ["context"] = null,
        ["output"] = null,
        ["error"] = state.Error is null ? null : JsonSerializer.SerializeToNode(state.Error, FlexJsonContext.Default.FlexError),
        ["facets"] = planned is null ? null : new JsonObject
        {
            ["input"] = new JsonArray([.. planned.InputFacets.Select(f => (JsonNode?)f)]),
            ["output"] = new JsonArray([.. planned.OutputFacets.Select(f => (JsonNode?)f)]),
        },
        ["contracts"] = planned is null ? null : JsonSerializer.SerializeToNode(planned.Contracts, FlexJsonContext.Default.NodeContracts),
        ["provenance"] = null,
        ["metadata"] = planned?.Metadata?.DeepClone(),
        ["rationale"] = planned is null ? null : new JsonArray([.. planned.Rationale.Select(r => (JsonNode?)r)]),
        ["startedAt"] = state.StartedAt,
        ["completedAt"] = state.CompletedAt,
        ["attempts"] = state.Attempts,
    };
}
