using System.Net;
using System.Net.Http.Json;

namespace FlexAspire.Api.Runs.Planning;

public abstract record PlanOutcome
{
    public sealed record Planned(PlanResponse Response) : PlanOutcome;
    public sealed record Rejected(IReadOnlyList<PlanDiagnostic> Diagnostics, string Detail) : PlanOutcome;
}

/// The planner service over HTTP (`http://planner`, found through service discovery).
public sealed class PlannerClient(HttpClient http)
{
    public async Task<PlanOutcome> PlanAsync(PlanRequest request, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/plans", request, FlexJsonContext.Default.PlanRequest, ct);
        if (response.IsSuccessStatusCode)
        {
            var plan = await response.Content.ReadFromJsonAsync(FlexJsonContext.Default.PlanResponse, ct)
                ?? throw new InvalidOperationException("The planner answered an empty plan.");
            return new PlanOutcome.Planned(plan);
        }
        if (response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest)
        {
            // Problem details with a `diagnostics` extension member.
            using var problem = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            var detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var diagnostics = problem.RootElement.TryGetProperty("diagnostics", out var list)
                ? list.Deserialize(FlexJsonContext.Default.ListPlanDiagnostic) ?? []
                : [];
            return new PlanOutcome.Rejected(diagnostics, detail ?? $"The planner refused the envelope ({(int)response.StatusCode}).");
        }
        response.EnsureSuccessStatusCode();
        throw new System.Diagnostics.UnreachableException();
    }
}
