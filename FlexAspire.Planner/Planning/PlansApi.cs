using FlexAspire.Planner.Capabilities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexAspire.Planner.Planning;

public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/plans", CreatePlan)
            .WithName("CreatePlan").WithTags("Plans")
            .WithSummary("Plan an envelope (initial or replan) against the registry's active capabilities")
            .Accepts<PlanRequest>("application/json")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    // The body is read by hand (not bound) so a malformed document gets a 400 that names the offending field.
    private static async Task<Results<Ok<PlanResponse>, ValidationProblem, ProblemHttpResult>> CreatePlan(
        HttpRequest request, PlanningService planning, CancellationToken cancellationToken)
    {
        var read = await ContractReader.ReadAsync(request.Body, FlexJsonContext.Default.PlanRequest, cancellationToken);
        if (!read.IsValid)
        {
            return TypedResults.ValidationProblem(read.Errors, title: "The plan request is malformed.");
        }
        if (TopologyErrors(read.Value) is { Count: > 0 } topologyErrors)
        {
            return TypedResults.ValidationProblem(topologyErrors, title: "The plan request is malformed.");
        }
        GraphState? state = null;
        if (read.Value.GraphState is { } graphState)
        {
            var stateRead = ContractReader.Read(graphState.ToJsonString(), PlannerJsonContext.Strict.GraphState);
            if (!stateRead.IsValid)
            {
                return TypedResults.ValidationProblem(
                    stateRead.Errors.ToDictionary(e => e.Key.Length == 0 ? "graphState" : $"graphState.{e.Key}", e => e.Value),
                    title: "The plan request's graphState is malformed.");
            }
            state = stateRead.Value;
        }

        PlanningOutcome outcome;
        try
        {
            outcome = await planning.PlanAsync(read.Value, state, cancellationToken);
        }
        catch (CapabilitySourceUnavailableException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The capability registry is unavailable.", detail: ex.Message);
        }
        if (outcome.Plan is null)
        {
            var errors = outcome.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Message);
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "No plan satisfies the output contract.",
                detail: string.Join("; ", errors),
                extensions: new Dictionary<string, object?>
                {
                    ["diagnostics"] = JsonSerializer.SerializeToElement(outcome.Diagnostics.ToList(), FlexJsonContext.Default.ListPlanDiagnostic),
                    ["attempts"] = outcome.Attempts,
                });
        }
        return TypedResults.Ok(new PlanResponse { Plan = outcome.Plan, Diagnostics = outcome.Diagnostics, Attempts = outcome.Attempts });
    }

    // The API's EnvelopeValidator checks whole envelopes before they get here; the planner re-checks only the numbers
    // it plans with, so a direct caller gets a 400 instead of a silently clamped topology.
    private static Dictionary<string, string[]> TopologyErrors(PlanRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        const string path = "envelope.policies.planner.topology";
        if (request.Envelope.Policies?.Planner?.Topology is not { } topology)
        {
            return errors;
        }
        if (topology.VariantCount is < 1 or > 6)
        {
            errors[$"{path}.variantCount"] = ["variantCount must be between 1 and 6."];
        }
        if (topology.MaxDepth is < 1)
        {
            errors[$"{path}.maxDepth"] = ["maxDepth must be at least 1."];
        }
        return errors;
    }
}
