namespace FlexAspire.Api.Hitl;

public static class HumanTaskViews
{
    public static PendingWork Pending(HumanTaskEntity task) => new()
    {
        Kind = PendingKind.Task,
        NodeId = task.NodeId,
        TaskId = task.Id.ToString(),
    };

    public static HumanTask ToWire(HumanTaskEntity task) => new()
    {
        TaskId = task.Id.ToString(),
        RunId = task.RunId.ToString(),
        NodeId = task.NodeId,
        CapabilityId = task.CapabilityId,
        Role = task.Role,
        AssignedTo = task.AssignedTo,
        Status = task.Status,
        Inputs = JsonNode.Parse(task.Inputs)!.AsObject(),
        OutputSchema = JsonNode.Parse(task.OutputSchema)!.AsObject(),
        CreatedAt = task.CreatedAt,
        DueAt = task.DueAt,
    };
}
