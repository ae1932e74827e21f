using FlexAspire.Api.Agents.Model;
using FlexAspire.Schemas;
using Microsoft.Extensions.AI;

namespace FlexAspire.Tests.Agents;

public sealed class OfflineModelTests : IDisposable
{
    private readonly AgentRuntimeTestHost _host = AgentRuntimeTestHost.Offline();

    public static TheoryData<string> AiCapabilities() =>
    [
        "strategist.SocialPosting", "copywriter.SocialpostDrafting", "designer.VisualDesign", "director.SocialPostingReview",
        "strategist.Positioning", "copywriter.Messaging", "director.PositioningReview",
    ];

    [Theory]
    [MemberData(nameof(AiCapabilities))]
    public async Task Every_ai_capability_answers_offline_with_output_valid_against_its_contract(string capabilityId)
    {
        var registration = _host.Catalog.Find(capabilityId)!;
        var call = AgentRuntimeTestHost.Call(registration, await SampleFacets.InputsFor(_host, registration));

        var result = await _host.Invoker.InvokeAsync(call, CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        result.Attempts.ShouldBe(1);
        var schema = SchemaCompiler.Compile(call.Request.OutputSchema);
        SchemaValidator.Validate(schema, result.Output).ShouldBeEmpty();
        result.Model.ShouldBe(OfflineChatClient.ModelName);
        result.Usage.TotalTokens.ShouldBeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(AiCapabilities))]
    public async Task Same_inputs_give_the_same_output_offline(string capabilityId)
    {
        var registration = _host.Catalog.Find(capabilityId)!;
        var inputs = await SampleFacets.InputsFor(_host, registration);

        var first = await _host.Invoker.InvokeAsync(AgentRuntimeTestHost.Call(registration, inputs), CancellationToken.None);
        var second = await _host.Invoker.InvokeAsync(AgentRuntimeTestHost.Call(registration, inputs.DeepClone().AsObject()), CancellationToken.None);

        second.Output!.ToJsonString().ShouldBe(first.Output!.ToJsonString());
    }

    [Fact]
    public async Task Offline_output_visibly_uses_the_company_topic_and_preferred_channel()
    {
        var inputs = await SampleFacets.InputsFor(_host, _host.Catalog.Find("strategist.SocialPosting")!);
        var output = (await _host.Invoker.InvokeAsync(_host.Call("strategist.SocialPosting", inputs), CancellationToken.None)).Output!;
        var brief = output.ToJsonString();
        brief.ShouldContain("Acme Robotics");
        brief.ShouldContain("predictive maintenance");
        brief.ShouldContain("plant managers");
        output["strategic_rationale"]!.GetValue<string>().ShouldContain("Instagram");

        var post = await SampleFacets.ValueOf(_host, "post");
        // The director reuses the copywriter's copy and the designer's visuals rather than writing its own.
        post["copy"]!.ToJsonString().ShouldBe((await SampleFacets.ValueOf(_host, "post_copy")).ToJsonString());
        post["visuals"]!.ToJsonString().ShouldBe((await SampleFacets.ValueOf(_host, "post_visual")).ToJsonString());
        post["copy"]!.GetValue<string>().ShouldContain("Acme Robotics");
    }

    [Fact]
    public async Task Offline_strategist_and_copywriter_append_to_the_handoff_summary_and_the_director_approves_with_empty_feedback()
    {
        var strategist = await _host.Invoker.InvokeAsync(_host.Call("strategist.SocialPosting",
            await SampleFacets.InputsFor(_host, _host.Catalog.Find("strategist.SocialPosting")!)), CancellationToken.None);
        var handoff = strategist.Output!["handoff_summary"]!.AsArray();
        handoff.Count.ShouldBe(1);
        handoff[0]!.GetValue<string>().ShouldStartWith("creative_brief, strategic_rationale ready");

        var director = await _host.Invoker.InvokeAsync(_host.Call("director.SocialPostingReview",
            await SampleFacets.InputsFor(_host, _host.Catalog.Find("director.SocialPostingReview")!)), CancellationToken.None);
        director.Output!["feedback"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Structurer_maps_facet_values_onto_the_callers_schema()
    {
        var callerSchema = JsonNode.Parse("""
            {"type":"object","required":["title","text","tags","channel"],
             "properties":{"title":{"type":"string","maxLength":80},"text":{"type":"string","minLength":10},
                           "tags":{"type":"array","items":{"type":"string"},"minItems":2},
                           "channel":{"enum":["email","instagram","web"]},"score":{"type":"integer","minimum":1,"maximum":5}}}
            """)!.AsObject();
        var inputs = new JsonObject
        {
            ["post_copy"] = await SampleFacets.ValueOf(_host, "post_copy"),
            ["company_information"] = SampleFacets.CallerInputs()["company_information"]!.DeepClone(),
            ["post_context"] = SampleFacets.CallerInputs()["post_context"]!.DeepClone(),
        };

        var result = await _host.Invoker.InvokeAsync(_host.Call("contract.Structurer", inputs, callerSchema), CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        result.Output!["channel"]!.GetValue<string>().ShouldBe("instagram");
        result.Output!["text"]!.GetValue<string>().ShouldContain("predictive maintenance");
    }

    [Fact]
    public async Task Each_variant_branch_of_a_capability_writes_its_own_copy_offline()
    {
        var registration = _host.Catalog.Find("copywriter.SocialpostDrafting")!;
        var inputs = await SampleFacets.InputsFor(_host, registration);
        var copies = new List<JsonNode>();
        for (var variant = 1; variant <= 6; variant++)
        {
            var call = AgentRuntimeTestHost.Call(registration, inputs.DeepClone().AsObject());
            call = call with { Request = call.Request with { Variant = new VariantPosition { Index = variant, Count = 6 } } };
            var result = await _host.Invoker.InvokeAsync(call, CancellationToken.None);
            result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
            copies.Add(result.Output!["post_copy"]!);
        }

        // post_copy is the post's text: its opening line and its body differ per variant.
        copies.Select(c => c.GetValue<string>().Split("\n\n")[0]).ShouldBeUnique();
        copies.Select(c => c.GetValue<string>().Split("\n\n")[1]).ShouldBeUnique();
        var plain = await _host.Invoker.InvokeAsync(AgentRuntimeTestHost.Call(registration, inputs.DeepClone().AsObject()), CancellationToken.None);
        copies[0].ToJsonString().ShouldBe(plain.Output!["post_copy"]!.ToJsonString(), "variant 1 writes what a node outside variants writes");
    }

    [Fact]
    public async Task Structurer_writes_one_list_item_per_variant_from_that_variants_own_values()
    {
        var variantsSchema = JsonNode.Parse("""
            {"type":"object","required":["options"],"properties":{"options":{"type":"array","minItems":2,
              "items":{"type":"object","required":["headline","body"],"properties":{"headline":{"type":"string"},"body":{"type":"string"}}}}}}
            """)!.AsObject();
        var variants = new JsonArray();
        for (var variant = 1; variant <= 3; variant++)
        {
            variants.Add(new JsonObject
            {
                ["variant"] = variant,
                ["nodes"] = new JsonArray($"copywriter.SocialpostDrafting#v{variant}"),
                ["facets"] = new JsonObject { ["post_copy"] = new JsonObject { ["headline"] = $"Headline {variant}", ["body"] = $"Body of variant {variant}" } },
            });
        }
        var inputs = new JsonObject { ["post_copy"] = variants[2]!["facets"]!["post_copy"]!.DeepClone(), ["variants"] = variants };

        var result = await _host.Invoker.InvokeAsync(_host.Call("contract.Structurer", inputs, variantsSchema), CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        var options = result.Output!["options"]!.AsArray();
        options.Select(o => o!["headline"]!.GetValue<string>()).ShouldBe(["Headline 1", "Headline 2", "Headline 3"]);
        options.Select(o => o!["body"]!.GetValue<string>()).ShouldBe(["Body of variant 1", "Body of variant 2", "Body of variant 3"]);
    }

    [Fact]
    public async Task Offline_answers_keep_length_limits_that_the_strict_copy_of_the_schema_leaves_out()
    {
        var closedSchema = JsonNode.Parse("""
            {"type":"object","required":["headline"],"additionalProperties":false,
             "properties":{"headline":{"type":"string","minLength":5,"maxLength":12}}}
            """)!.AsObject();
        var inputs = new JsonObject { ["post_copy"] = await SampleFacets.ValueOf(_host, "post_copy") };

        var result = await _host.Invoker.InvokeAsync(_host.Call("contract.Structurer", inputs, closedSchema), CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        result.Attempts.ShouldBe(1);
        result.Output!["headline"]!.GetValue<string>().Length.ShouldBeLessThanOrEqualTo(12);
    }

    [Fact]
    public async Task A_schema_asking_for_a_huge_output_costs_a_bounded_answer_and_a_validation_failure_not_the_process_memory()
    {
        // 1000 × 1000 × 1000 strings of a million characters each: never written, the generator stops at its budget.
        var hostile = JsonNode.Parse("""
            {"type":"array","minItems":1000,"items":{"type":"array","minItems":1000,
              "items":{"type":"array","minItems":1000,"items":{"type":"string","minLength":1000000}}}}
            """)!.AsObject();
        var inputs = new JsonObject { ["post_copy"] = await SampleFacets.ValueOf(_host, "post_copy") };
        var before = GC.GetTotalAllocatedBytes();

        var result = await _host.Invoker.InvokeAsync(_host.Call("contract.Structurer", inputs, hostile), CancellationToken.None);

        (GC.GetTotalAllocatedBytes() - before).ShouldBeLessThan(2L * 1024 * 1024 * 1024);
        result.Status.ShouldBe(CapabilityInvocationStatus.Failed);
        result.Failure!.Code.ShouldBeOneOf(CapabilityFailureCodes.ValidationFailed, CapabilityFailureCodes.OutputTooLarge);
    }

    [Fact]
    public async Task Human_capability_is_not_invoked_but_reported_as_a_human_task()
    {
        var result = await _host.Invoker.InvokeAsync(
            _host.Call("HumanAgent.clarifyBrief", new JsonObject { ["clarification_request"] = SampleFacets.CallerInputs()["clarification_request"]!.DeepClone() }),
            CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.HumanTaskRequired);
        result.Calls.ShouldBeEmpty();
        result.Output.ShouldBeNull();
    }

    [Fact]
    public void Without_a_key_or_base_url_the_runtime_uses_the_offline_model()
    {
        using var host = AgentRuntimeTestHost.Create([]);
        var metadata = host.Services.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>();
        metadata!.ProviderName.ShouldBe(OfflineChatClient.ProviderName);
    }

    public void Dispose() => _host.Dispose();
}
