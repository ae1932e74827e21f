namespace FlexAspire.Planner.Planning;

/// Shorthands for PlanDiagnostic, so every check reads as one line.
public static class Diagnostics
{
    public static PlanDiagnostic Error(string code, string message, string? facet = null, string? capabilityId = null,
        string? nodeId = null) => Create(DiagnosticSeverity.Error, code, message, facet, capabilityId, nodeId);

    public static PlanDiagnostic Warning(string code, string message, string? facet = null, string? capabilityId = null,
        string? nodeId = null) => Create(DiagnosticSeverity.Warning, code, message, facet, capabilityId, nodeId);

    public static PlanDiagnostic Info(string code, string message, string? facet = null, string? capabilityId = null,
        string? nodeId = null) => Create(DiagnosticSeverity.Info, code, message, facet, capabilityId, nodeId);

    public static bool HasErrors(this IEnumerable<PlanDiagnostic> diagnostics) =>
        diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    private static PlanDiagnostic Create(DiagnosticSeverity severity, string code, string message, string? facet,
        string? capabilityId, string? nodeId) => new()
    {
        Code = code,
        Message = message,
        Severity = severity,
        Facet = facet,
        CapabilityId = capabilityId,
        NodeId = nodeId,
    };
}
