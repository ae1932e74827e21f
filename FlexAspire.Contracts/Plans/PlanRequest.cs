namespace FlexAspire.Contracts.Plans;

/// POST body of the planner's `/api/v1/plans`.
public sealed record PlanRequest
{
    public required TaskEnvelope Envelope { get; init; }
    public required PlanPhase Phase { get; init; }

    /// The run the plan is for, copied into `plan.runId`; absent when a caller only wants to preview a plan.
    public string? RunId { get; init; }

    /// On replan: what the run has done so far (completed nodes, facet values, failures); shaped by the run engine.
    public JsonObject? GraphState { get; init; }
}

/// 200 body of `/api/v1/plans`; a 422 carries the same diagnostics without a plan.
public sealed record PlanResponse
{
    public required FlexPlan Plan { get; init; }
    public required IReadOnlyList<PlanDiagnostic> Diagnostics { get; init; }
    public required int Attempts { get; init; }
}

public sealed record PlanDiagnostic
{
    /// Machine-readable, e.g. `unknown_capability`, `uncovered_output_facet`, `cycle`.
    public required string Code { get; init; }
    public required string Message { get; init; }
    public required DiagnosticSeverity Severity { get; init; }
    public string? CapabilityId { get; init; }
    public string? Facet { get; init; }
    public string? NodeId { get; init; }
}

[JsonConverter(typeof(StrictEnumConverter<PlanPhase>))]
public enum PlanPhase
{
    [JsonStringEnumMemberName("initial")] Initial,
    [JsonStringEnumMemberName("replan")] Replan,
}

[JsonConverter(typeof(StrictEnumConverter<DiagnosticSeverity>))]
public enum DiagnosticSeverity
{
    [JsonStringEnumMemberName("error")] Error,
    [JsonStringEnumMemberName("warning")] Warning,
    [JsonStringEnumMemberName("info")] Info,
}
