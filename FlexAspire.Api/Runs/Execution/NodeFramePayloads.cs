namespace FlexAspire.Api.Runs.Execution;

/// The payloads of `node_start` and `node_complete`: flex's fields, plus the ones the existing awesomeposter system's
/// listeners read (`label`, `startedAt` / `completedAt`, `executorType`, and `assignment` for human nodes;
/// docs/compatibility.md). Additive: nothing of flex's is renamed or removed.
public static class NodeFramePayloads
{
    public static JsonObject Start(PlanNode node, DateTimeOffset startedAt)
    {
        var payload = Common(node);
        payload["startedAt"] = startedAt;
        AddAssignment(payload, node, "in_progress");
        return payload;
    }

    public static JsonObject Complete(PlanNode node, JsonNode output, int attempts, DateTimeOffset completedAt)
    {
        var payload = Common(node);
        payload["output"] = output.DeepClone();
        payload["attempts"] = attempts;
        payload["completedAt"] = completedAt;
        AddAssignment(payload, node, "completed");
        return payload;
    }

    private static JsonObject Common(PlanNode node) => new()
    {
        ["capabilityId"] = node.CapabilityId,
        ["kind"] = JsonSerializer.SerializeToNode(node.Kind, FlexJsonContext.Default.CapabilityKind),
        ["label"] = node.Label,
        ["executorType"] = JsonSerializer.SerializeToNode(node.Executor.Type, FlexJsonContext.Default.AgentType),
    };

    // Their AssignmentSnapshot: who the task is for and its state. Flex's priority is a number and theirs a word, so it
    // is left out here (the task view has it).
    private static void AddAssignment(JsonObject payload, PlanNode node, string status)
    {
        if (node.Executor is not { Type: AgentType.Human, Assignment: { } assignment })
            return;
        var snapshot = new JsonObject { ["nodeId"] = node.Id, ["status"] = status, ["role"] = assignment.Role };
        if (assignment.AssignedTo is { } assignedTo)
            snapshot["assignedTo"] = assignedTo;
        if (assignment.TimeoutSeconds is { } timeout)
            snapshot["timeoutSeconds"] = timeout;
        snapshot["defaults"] = new JsonObject
        {
            ["role"] = assignment.Role,
            ["onDecline"] = JsonSerializer.SerializeToNode(assignment.OnDecline, FlexJsonContext.Default.DeclinePolicy),
        };
        payload["assignment"] = snapshot;
    }
}
