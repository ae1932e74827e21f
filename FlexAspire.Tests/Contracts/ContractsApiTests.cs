// See EnvelopeValidatorTests for why this is conditional.
#if FLEX_TESTS_REFERENCE_API
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexAspire.Tests.Contracts;

public class ContractsApiTests
{
    [Fact]
    public void Lists_the_published_contract_names() =>
        ContractsApi.ListContracts().Value.ShouldNotBeNull().ShouldBe(
            ["TaskEnvelope", "CapabilityRegistration", "CapabilityRecord", "FlexPlan", "FlexEvent", "RunResumeRequest",
             "HumanTask", "HitlRequest", "FacetDefinition", "OutputContract", "PlanRequest", "PlanResponse", "RunDetail",
             "RunSummary", "CapabilityInvocationRequest", "CapabilityInvocationResponse", "RegisterCapabilityResponse",
             "PlanDiagnostic", "CompletePayload", "ValidationErrorPayload", "NodeRetryPayload", "NodeErrorPayload",
             "PlanPayload", "PlanRejectedPayload", "HeartbeatPayload", "HitlResolvedPayload", "DeclineTaskRequest"],
            ignoreOrder: true);

    [Fact]
    public void Known_contract_is_served_as_a_json_schema_document()
    {
        var content = ContractsApi.GetContract("TaskEnvelope").Result.ShouldBeOfType<ContentHttpResult>();

        content.ContentType.ShouldBe("application/schema+json");
        JsonNode.Parse(content.ResponseContent!)!["title"]!.GetValue<string>().ShouldBe("TaskEnvelope");
    }

    [Fact]
    public void Unknown_contract_is_a_404_problem()
    {
        var problem = ContractsApi.GetContract("Nope").Result.ShouldBeOfType<ProblemHttpResult>();

        problem.StatusCode.ShouldBe(404);
        problem.ProblemDetails.Detail!.ShouldContain("TaskEnvelope");
    }
}
#endif
