namespace FlexAspire.Tests.Runs;

/// A capability's input contract is checked before its agent is called: a violation is a `validation_error` with
/// scope `capability_input` and fails the node (`input_invalid`), unless an onValidationFail policy repairs it.
[Collection(StackCollection.Name)]
public sealed class InputContractTests(FlexStackFixture stack) : ScriptedRemoteTests(() => ScriptedRemoteCapability.RegisterAsync(stack, inputContract: NeedsBudget()))
{
    // Stricter than the creative_brief facet: the strategist's brief has no budget, so every input violates it.
    private static JsonObject NeedsBudget() => JsonNode.Parse("""
        {"mode":"json_schema","schema":{"type":"object","required":["creative_brief"],
         "properties":{"creative_brief":{"type":"object","required":["budget"]}}}}
        """)!.AsObject();

    [Fact]
    public async Task Inputs_that_violate_the_capabilitys_input_contract_fail_the_node_before_its_agent_is_called()
    {
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(Remote.PinnedEnvelope());

        var node = frames.Where(f => f.Data["nodeId"]?.GetValue<string>() == Remote.CapabilityId).ToList();
        node.Select(f => f.Type).ShouldBe(["node_start", "validation_error", "node_error"]);
        var error = node[1].Payload!;
        error["scope"]!.GetValue<string>().ShouldBe("capability_input");
        error["errors"]!.AsArray().ShouldContain(e => e!["keyword"]!.GetValue<string>() == "required" && e["instancePath"]!.GetValue<string>() == "/creative_brief");
        frames[^1].Status().ShouldBe("failed");
        frames[^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("input_invalid");
        Remote.Server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_input_contract_violation_is_repaired_by_an_onValidationFail_replan_that_avoids_the_capability()
    {
        var envelope = Remote.PinnedEnvelope();
        // Preferred (so planned first), not pinned: the replan may choose the hosted copywriter instead.
        envelope["policies"]!["planner"]!["selection"] = new JsonObject { ["prefer"] = new JsonArray(Remote.CapabilityId) };
        envelope["policies"]!["runtime"] = new JsonArray(new JsonObject
        {
            ["id"] = "repair-inputs", ["trigger"] = new JsonObject { ["kind"] = "onValidationFail" }, ["action"] = new JsonObject { ["type"] = "replan" },
        });
        // A preference (unlike a pin) does not make the planner refresh its registry mirror: wait until it plans it.
        using var planner = stack.CreateClient(ResourceNames.Planner);
        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            using var preview = await planner.PostAsJsonAsync("/api/v1/plans", new JsonObject { ["envelope"] = envelope.DeepClone(), ["phase"] = "initial" });
            return (await preview.Content.ReadAsStringAsync()).Contains(Remote.CapabilityId, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the planner knows the new capability");
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(envelope);

        var types = frames.Select(f => f.Type).ToList();
        var invalid = types.IndexOf("validation_error");
        types.Skip(invalid).Take(5).ShouldBe(["validation_error", "node_error", "policy_triggered", "plan_requested", "plan_updated"]);
        var replanned = frames.Single(f => f.Type == "plan_updated").Payload!["plan"]!["nodes"]!.AsArray()
            .Select(n => n!["capabilityId"]!.GetValue<string>()).ToList();
        replanned.ShouldNotContain(Remote.CapabilityId);
        frames.ShouldContain(f => f.Type == "node_complete" && f.Data["nodeId"]!.GetValue<string>().StartsWith("copywriter."));
        frames[^1].Status().ShouldBe("completed");
        Remote.Server.Requests.ShouldBeEmpty();
    }
}
