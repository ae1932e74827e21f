using FlexAspire.Api.Hitl;
using FlexAspire.Api.Runs.Policies;

namespace FlexAspire.Tests.Hitl;

public sealed class PolicySelectorTests
{
    [Fact]
    public void A_hitl_policy_survives_the_envelope_round_trip_and_its_string_selector_matches_the_capability()
    {
        var json = HitlTestKit.HitlOnCopyEnvelope("approve-copy");
        var envelope = JsonSerializer.Deserialize(json.ToJsonString(), FlexJsonContext.Default.TaskEnvelope)!;
        envelope = JsonSerializer.Deserialize(JsonSerializer.Serialize(envelope, FlexJsonContext.Default.TaskEnvelope), FlexJsonContext.Default.TaskEnvelope)!;

        var policy = envelope.Policies!.Runtime!.ShouldHaveSingleItem();
        policy.Enabled.ShouldBeTrue();
        policy.Trigger.Kind.ShouldBe(TriggerKind.OnNodeComplete);
        policy.Action.Type.ShouldBe(PolicyActionType.Hitl);
        var node = JsonSerializer.Deserialize(FlexApiClient.Sample("plan.json"), FlexJsonContext.Default.FlexPlan)!.Nodes[0];
        PolicySelector.Matches(policy.Trigger.Selector, node with { CapabilityId = "copywriter.SocialpostDrafting" }).ShouldBeTrue();
        PolicySelector.Matches(policy.Trigger.Selector, node with { Id = "x", CapabilityId = "designer.VisualDesign" }).ShouldBeFalse();
    }
}
