using FlexAspire.Schemas;

namespace FlexAspire.Tests.Compatibility;

/// The existing system's envelope forms are rewritten to flex's in one place before the typed read.
public sealed class EnvelopeCompatibilityTests
{
    private static (JsonObject Envelope, Dictionary<string, string[]> Errors) Normalize(string json)
    {
        var envelope = JsonNode.Parse(json)!.AsObject();
        var errors = new ValidationErrors();
        EnvelopeCompatibility.Normalize(envelope, errors);
        return (envelope, errors.ToDictionary());
    }

    [Theory]
    [MemberData(nameof(TheirEnvelopes))]
    public void Every_envelope_shaped_like_theirs_reads_and_validates_as_a_flex_envelope(string name)
    {
        var envelope = TsEnvelopes.Load(name);
        var errors = new ValidationErrors();
        EnvelopeCompatibility.Normalize(envelope, errors);
        errors.IsEmpty.ShouldBeTrue(string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));

        var read = ContractReader.Read(envelope.ToJsonString(), FlexJsonContext.Default.TaskEnvelope);

        read.IsValid.ShouldBeTrue(string.Join("; ", read.Errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
        EnvelopeValidator.Validate(read.Value!, FacetCatalog.All).ShouldBeEmpty();
    }

    public static TheoryData<string> TheirEnvelopes() => new(TsEnvelopes.All);

    [Fact]
    public void Inline_action_fields_move_under_params()
    {
        var (envelope, errors) = Normalize("""
            {"policies":{"runtime":[
              {"id":"a","trigger":{"kind":"onStart"},"action":{"type":"fail","message":"stop"}},
              {"id":"b","trigger":{"kind":"onStart"},"action":{"type":"pause","reason":"check"}},
              {"id":"c","trigger":{"kind":"onStart"},"action":{"type":"replan","rationale":"again"}},
              {"id":"d","trigger":{"kind":"onStart"},"action":{"type":"hitl","rationale":"ok?"}},
              {"id":"e","trigger":{"kind":"onStart"},"action":{"type":"emit","event":"x","payload":{"k":1}}}]}}
            """);

        errors.ShouldBeEmpty();
        var actions = envelope["policies"]!["runtime"]!.AsArray().Select(p => p!["action"]!.ToJsonString()).ToList();
        actions.ShouldBe([
            """{"type":"fail","params":{"message":"stop"}}""",
            """{"type":"pause","params":{"question":"check"}}""",
            """{"type":"replan","params":{"reason":"again"}}""",
            """{"type":"hitl","params":{"question":"ok?"}}""",
            """{"type":"emit","params":{"event":"x","payload":{"k":1}}}""",
        ]);
    }

    [Theory]
    [InlineData("/status", "status == \"ready\"", "value == 'ready'")]
    [InlineData("/variants[0]/quality_score", "quality_score >= 0.85", "value >= 0.85")]
    [InlineData("/copy", "contains(value, 'x')", "contains(value, 'x')")]
    [InlineData("/copy", "copy != \"it's\"", "value != \"it's\"")]
    public void Their_dsl_names_the_value_by_its_path_and_quotes_with_double_quotes(string path, string dsl, string ours)
    {
        var goal = new JsonObject { ["facet"] = "post", ["path"] = path, ["condition"] = new JsonObject { ["dsl"] = dsl } };
        var (envelope, errors) = Normalize(new JsonObject { ["goal_condition"] = new JsonArray(goal) }.ToJsonString());

        errors.ShouldBeEmpty();
        envelope["goal_condition"]![0]!["condition"]!["dsl"]!.GetValue<string>().ShouldBe(ours);
        envelope["goal_condition"]![0]!["path"]!.GetValue<string>().ShouldNotContain("[");
    }

    [Fact]
    public void JsonLogic_beside_a_dsl_is_not_stored_and_alone_is_translated()
    {
        var (envelope, errors) = Normalize("""
            {"goal_condition":[
              {"facet":"post","path":"/copy","condition":{"dsl":"copy != \"\"","jsonLogic":{"!=":[{"var":"copy"},""]}}},
              {"facet":"post","path":"/score","condition":{"jsonLogic":{"and":[{">=":[{"var":"score"},3]},{"!":{"==":[{"var":"score"},7]}}]}}}]}
            """);

        errors.ShouldBeEmpty();
        var first = envelope["goal_condition"]![0]!["condition"]!.AsObject();
        first.Select(p => p.Key).ShouldBe(["dsl"]);
        first["dsl"]!.GetValue<string>().ShouldBe("value != ''");
        envelope["goal_condition"]![1]!["condition"]!["dsl"]!.GetValue<string>().ShouldBe("((value >= 3) && !(value == 7))");
    }

    [Fact]
    public void Optimisation_becomes_the_token_budget_and_a_planner_directive_and_empty_kind_lists_are_dropped()
    {
        var (envelope, errors) = Normalize("""
            {"policies":{"planner":{"topology":{"variantCount":2,"requiredKinds":[],"forbiddenKinds":[]},
             "optimisation":{"objective":"speed","maxTokens":5000}}}}
            """);

        errors.ShouldBeEmpty();
        envelope["constraints"]!["maxTokens"]!.GetValue<int>().ShouldBe(5000);
        envelope["policies"]!["planner"]!.ToJsonString().ShouldBe("""{"topology":{"variantCount":2},"directives":{"optimisation":{"objective":"speed"}}}""");
    }

    [Fact]
    public void A_json_schema_contract_without_mode_is_read_as_json_schema_and_a_freeform_example_joins_the_instructions()
    {
        Normalize("""{"outputContract":{"schema":{"type":"object"}}}""").Envelope["outputContract"]!["mode"]!.GetValue<string>().ShouldBe("json_schema");

        var freeform = Normalize("""{"outputContract":{"mode":"freeform","instructions":"Two lines.","example":"Hi.\nBye."}}""").Envelope["outputContract"]!;

        freeform.ToJsonString().ShouldBe("""{"mode":"freeform","instructions":"Two lines.\n\nExample:\nHi.\nBye."}""");
    }

    [Fact]
    public void Our_own_sample_envelope_is_left_as_it_is()
    {
        var envelope = JsonNode.Parse(Infrastructure.FlexApiClient.Sample("envelope-social-post.json"))!.AsObject();
        var errors = new ValidationErrors();

        EnvelopeCompatibility.Normalize(envelope, errors).ShouldBeFalse();
        errors.IsEmpty.ShouldBeTrue();
    }
}
