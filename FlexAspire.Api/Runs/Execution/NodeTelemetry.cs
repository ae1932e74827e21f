namespace FlexAspire.Api.Runs.Execution;

/// The `flex.node` span around one node's execution; its `invoke_agent` and `chat` spans are its children.
public static class NodeTelemetry
{
    public static Activity? Start(PlanNode node)
    {
        var activity = RunTelemetry.Source.StartActivity("flex.node");
        if (activity is null)
        {
            return null;
        }
        activity.SetTag(TelemetryAttributes.NodeId, node.Id);
        activity.SetTag(TelemetryAttributes.NodeCapability, node.CapabilityId);
        activity.SetTag("flex.node.kind", node.Kind.ToWire());
        return activity;
    }

    public static void End(Activity? activity, NodeRunResult? result)
    {
        if (activity is null)
        {
            return;
        }
        var (status, attempts) = result switch
        {
            NodeRunResult.Succeeded s => (NodeStatus.Completed.ToWire(), s.Attempts),
            NodeRunResult.Failed f => (NodeStatus.Error.ToWire(), f.Attempts),
            NodeRunResult.NeedsHuman => (NodeStatus.AwaitingHuman.ToWire(), 0),
            NodeRunResult.NeedsAnswer a => (NodeStatus.AwaitingHitl.ToWire(), a.Attempts),
            _ => ("interrupted", 0),
        };
        activity.SetTag("flex.node.status", status);
        activity.SetTag("flex.node.attempt", attempts);
        if (result is NodeRunResult.Failed failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, failed.Error.Message);
            activity.SetTag(TelemetryAttributes.ErrorType, failed.Error.Code);
        }
    }
}
