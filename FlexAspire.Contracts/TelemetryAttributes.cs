namespace FlexAspire.Contracts;

/// Span, metric and log-scope attribute names that more than one place writes, so the services cannot drift apart
/// (`flex.run.id` in the API's spans, log scopes and frames' spans, and in the planner's). OpenTelemetry naming:
/// dot-separated namespaces from the general to the specific, snake_case inside a segment, and a semantic
/// convention's own name where one exists (`error.type`). docs/observability.md lists every attribute.
public static class TelemetryAttributes
{
    public const string RunId = "flex.run.id";
    public const string RunStatus = "flex.run.status";
    public const string CorrelationId = "flex.correlation_id";
    public const string NodeId = "flex.node.id";
    public const string NodeCapability = "flex.node.capability";
    public const string SseType = "flex.sse.type";
    public const string PlanPhase = "flex.plan.phase";
    public const string PlanPlanner = "flex.plan.planner";
    public const string CapabilityKind = "flex.capability.kind";

    /// OpenTelemetry's `error.type`: the class of a failure (our error codes), set with an Error span status.
    public const string ErrorType = "error.type";
}
