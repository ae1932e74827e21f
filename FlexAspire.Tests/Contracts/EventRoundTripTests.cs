using System.Text.Json.Serialization.Metadata;
using FlexAspire.Contracts.Events;

namespace FlexAspire.Tests.Contracts;

public class EventRoundTripTests
{
    private static readonly FlexJsonContext Json = FlexJsonContext.Default;

    // Event types whose payload has a typed record; the others (start, node_start, node_complete, log) are free-form.
    private static readonly Dictionary<string, JsonTypeInfo> TypedPayloads = new()
    {
        [FlexEventTypes.PlanRequested] = Json.PlanRequestedPayload,
        [FlexEventTypes.PlanRejected] = Json.PlanRejectedPayload,
        [FlexEventTypes.PlanGenerated] = Json.PlanPayload,
        [FlexEventTypes.PlanUpdated] = Json.PlanPayload,
        [FlexEventTypes.ValidationError] = Json.ValidationErrorPayload,
        [FlexEventTypes.NodeRetry] = Json.NodeRetryPayload,
        [FlexEventTypes.NodeError] = Json.NodeErrorPayload,
        [FlexEventTypes.HitlRequest] = Json.HitlRequest,
        [FlexEventTypes.HitlResolved] = Json.HitlResolvedPayload,
        [FlexEventTypes.PolicyTriggered] = Json.PolicyTriggeredPayload,
        [FlexEventTypes.GoalConditionFailed] = Json.GoalConditionFailedPayload,
        [FlexEventTypes.Heartbeat] = Json.HeartbeatPayload,
        [FlexEventTypes.Complete] = Json.CompletePayload,
    };

    private static IEnumerable<JsonNode> Frames() => SampleDocuments.Parse("events.json").AsArray().Select(f => f!);

    public static TheoryData<int> FrameIndexes => new(Enumerable.Range(0, SampleDocuments.Parse("events.json").AsArray().Count));

    [Fact]
    public void Samples_cover_all_seventeen_event_types()
    {
        FlexEventTypes.All.Count.ShouldBe(17);
        FlexEventTypes.All.ShouldBeUnique();
        Frames().Select(f => f["type"]!.GetValue<string>()).Distinct().OrderBy(t => t)
            .ShouldBe(FlexEventTypes.All.OrderBy(t => t));
    }

    [Theory]
    [MemberData(nameof(FrameIndexes))]
    public void Frame_and_its_typed_payload_round_trip_unchanged(int index)
    {
        var frame = Frames().ElementAt(index);
        var flexEvent = JsonAssert.RoundTrips(frame.ToJsonString(), Json.FlexEvent);

        if (TypedPayloads.TryGetValue(flexEvent.Type, out var payloadType))
            JsonAssert.RoundTrips(flexEvent.Payload!.ToJsonString(), payloadType);
    }

    [Fact]
    public void Complete_payload_reports_the_run_status_and_what_is_awaited()
    {
        var completes = Frames().Where(f => f["type"]!.GetValue<string>() == FlexEventTypes.Complete)
            .Select(f => f["payload"].Deserialize(Json.CompletePayload)!)
            .ToList();

        completes.Select(c => c.Status).ShouldBe([RunStatus.Completed, RunStatus.Failed, RunStatus.AwaitingHitl]);
        completes[1].Error!.Code.ShouldBe("validation_failed");
        completes[2].Pending!.Single().Kind.ShouldBe(PendingKind.Hitl);
    }

    [Fact]
    public void Validation_error_scope_uses_the_design_names()
    {
        var payload = new ValidationErrorPayload
        {
            Scope = ValidationScope.FinalOutput,
            Attempt = 1,
            Errors = [new ValidationIssue { InstancePath = "/variants", Keyword = "minItems", Message = "too few" }],
        };

        JsonSerializer.SerializeToNode(payload, Json.ValidationErrorPayload)!["scope"]!.GetValue<string>().ShouldBe("final_output");
    }
}
