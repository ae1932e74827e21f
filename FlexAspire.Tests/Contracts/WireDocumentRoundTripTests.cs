using System.Text.Json.Serialization.Metadata;
using FlexAspire.Contracts.Hitl;

namespace FlexAspire.Tests.Contracts;

public class WireDocumentRoundTripTests
{
    private static readonly FlexJsonContext Json = FlexJsonContext.Default;

    private static readonly Dictionary<string, JsonTypeInfo> Documents = new()
    {
        ["registration-copywriter.json"] = Json.CapabilityRegistration,
        ["registration-strategist-remote.json"] = Json.CapabilityRegistration,
        ["registration-human-reviewer.json"] = Json.CapabilityRegistration,
        ["registration-structurer.json"] = Json.CapabilityRegistration,
        ["capability-record.json"] = Json.CapabilityRecord,
        ["register-response.json"] = Json.RegisterCapabilityResponse,
        ["plan.json"] = Json.FlexPlan,
        ["plan-request.json"] = Json.PlanRequest,
        ["plan-response.json"] = Json.PlanResponse,
        ["hitl-request.json"] = Json.HitlRequest,
        ["run-resume-hitl.json"] = Json.RunResumeRequest,
        ["run-resume-task.json"] = Json.RunResumeRequest,
        ["run-resume-decline.json"] = Json.RunResumeRequest,
        ["human-task.json"] = Json.HumanTask,
        ["decline-task.json"] = Json.DeclineTaskRequest,
        ["run-summary.json"] = Json.RunSummary,
        ["run-detail.json"] = Json.RunDetail,
        ["invocation-request.json"] = Json.CapabilityInvocationRequest,
        ["invocation-response.json"] = Json.CapabilityInvocationResponse,
    };

    public static TheoryData<string> DocumentNames => new(Documents.Keys);

    [Theory]
    [MemberData(nameof(DocumentNames))]
    public void Sample_document_round_trips_unchanged(string fileName) =>
        JsonAssert.RoundTrips(SampleDocuments.Read(fileName), Documents[fileName]);

    [Fact]
    public void Human_registration_carries_its_decline_policy_and_enums_as_design_spells_them()
    {
        var registration = JsonAssert.RoundTrips(SampleDocuments.Read("registration-human-reviewer.json"), Json.CapabilityRegistration);

        registration.AgentType.ShouldBe(AgentType.Human);
        registration.Kind.ShouldBe(CapabilityKind.Validation);
        registration.AssignmentDefaults!.OnDecline.ShouldBe(DeclinePolicy.Requeue);
        registration.OutputContract.ShouldBeOfType<FacetsOutputContract>();
    }

    [Fact]
    public void Plan_keeps_the_human_executor_assignment_and_node_statuses()
    {
        var plan = JsonAssert.RoundTrips(SampleDocuments.Read("plan.json"), Json.FlexPlan);

        plan.Nodes.Select(n => n.Status).ShouldBe([NodeStatus.Completed, NodeStatus.Running, NodeStatus.Pending]);
        plan.Nodes[2].Executor.Assignment!.OnDecline.ShouldBe(DeclinePolicy.Escalate);
    }

    [Fact]
    public void Resume_request_carries_either_a_hitl_answer_or_a_task_result()
    {
        var answer = JsonAssert.RoundTrips(SampleDocuments.Read("run-resume-hitl.json"), Json.RunResumeRequest);
        var decline = JsonAssert.RoundTrips(SampleDocuments.Read("run-resume-decline.json"), Json.RunResumeRequest);

        answer.Hitl!.Approved.ShouldBe(true);
        decline.Payload!.Decline!.Reason.ShouldBe("out_of_office");
    }

    [Theory]
    [InlineData(RunStatus.AwaitingHitl, "awaiting_hitl")]
    [InlineData(RunStatus.AwaitingHuman, "awaiting_human")]
    [InlineData(RunStatus.Cancelled, "cancelled")]
    public void Run_status_is_written_in_snake_case(RunStatus status, string expected) =>
        JsonSerializer.Serialize(status, FlexJson.Options).ShouldBe($"\"{expected}\"");
}
