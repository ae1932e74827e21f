namespace FlexAspire.Tests.Compatibility;

/// Envelopes shaped like the existing system's, posted over real HTTP/SSE to the stack: accepted as they are and run
/// to completion, with outputs in the shapes its UI renders (docs/compatibility.md).
[Collection(StackCollection.Name)]
public sealed class TsClientRunTests(FlexStackFixture stack)
{
    [Fact]
    public async Task Their_marketing_run_is_accepted_and_completes_with_every_facet_in_their_shapes()
    {
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(TsEnvelopes.Load(TsEnvelopes.MarketingRun));

        frames[^1].Status().ShouldBe("completed", frames[^1].Data.ToJsonString());
        var output = frames[^1].Payload!["output"]!;
        output["creative_brief"]!["core_message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        output["strategic_rationale"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        output["handoff_summary"]!.AsArray().ShouldNotBeEmpty();
        output["post_copy"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        output["post"]!["copy"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        output["post"]!["visuals"]!.AsArray().ShouldNotBeEmpty();
        output["feedback"].ShouldBeOfType<JsonArray>();
        frames.Count(f => f.Type == "node_complete").ShouldBeGreaterThanOrEqualTo(3);
        frames.ShouldContain(f => f.Type == "plan_generated");
    }

    [Fact]
    public async Task Their_runtime_policy_forms_act_inline_fields_and_conditions_included()
    {
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(TsEnvelopes.Load(TsEnvelopes.RuntimePoliciesRun));

        frames[^1].Status().ShouldBe("completed", frames[^1].Data.ToJsonString());
        var triggered = frames.Where(f => f.Type == "policy_triggered").ToList();
        triggered.Select(f => f.Payload!["policyId"]!.GetValue<string>()).ShouldBe(["announce-start", "note-new-hire"]);
        triggered[0].Payload!["params"]!["event"]!.GetValue<string>().ShouldBe("run.started");
        triggered[0].Payload!["params"]!["payload"]!["channel"]!.GetValue<string>().ShouldBe("linkedin");
        var goals = frames[^1].Payload!["goal_condition_results"]!.AsArray();
        goals.Select(g => g!["dsl"]!.GetValue<string>()).ShouldBe(["value != ''", "((value != ''))"]);
        goals.ShouldAllBe(g => g!["satisfied"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Their_variants_run_with_optimisation_and_a_mode_less_json_schema_contract_completes()
    {
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(TsEnvelopes.Load(TsEnvelopes.VariantsRun));

        frames[^1].Status().ShouldBe("completed", frames[^1].Data.ToJsonString());
        frames[^1].Payload!["output"]!["variants"]!.AsArray().Count.ShouldBeGreaterThanOrEqualTo(2);
        var run = await api.GetJsonAsync($"/api/v1/flex/runs/{frames.RunId()}");
        run["envelope"]!["constraints"]!["maxTokens"]!.GetValue<int>().ShouldBe(200000);
        run["envelope"]!["metadata"]!["clientId"]!.GetValue<string>().ShouldBe("client-companyx");
    }

    [Fact]
    public async Task Their_hitl_pause_run_waits_for_the_directors_approval_and_completes_once_approved()
    {
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilPausedAsync(TsEnvelopes.Load(TsEnvelopes.HitlPauseRun), "awaiting_hitl");

        var asked = frames.Single(f => f.Type == "hitl_request");
        asked.Payload!["question"]!.GetValue<string>().ShouldBe("Approve the assembled post before it is published.");
        var requestId = frames[^1].SinglePending("hitl")["requestId"]!.GetValue<string>();

        var continued = await api.ResumeUntilCompleteAsync(HitlTestKit.Approve(frames.RunId(), requestId, approved: true));

        continued[^1].Status().ShouldBe("completed", continued[^1].Data.ToJsonString());
        continued[^1].Payload!["output"]!["post"]!["copy"]!.GetValue<string>().ShouldContain("Acme Corp");
    }

    [Fact]
    public async Task Frames_carry_the_fields_their_listeners_read_and_reposting_run_stream_with_resumeRunId_follows_the_resumed_run()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = TsEnvelopes.Load(TsEnvelopes.HitlPauseRun);
        var frames = await api.RunUntilPausedAsync(envelope, "awaiting_hitl");
        var runId = frames.RunId();

        frames[0].Payload!["runId"]!.GetValue<string>().ShouldBe(runId);
        var start = frames.First(f => f.Type == "node_start").Payload!;
        start["label"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        start["executorType"]!.GetValue<string>().ShouldBe("ai");
        DateTimeOffset.Parse(start["startedAt"]!.GetValue<string>()).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-10));
        var complete = frames.First(f => f.Type == "node_complete").Payload!;
        complete["label"].ShouldNotBeNull();
        complete["completedAt"].ShouldNotBeNull();
        var request = frames.Single(f => f.Type == "hitl_request").Payload!["request"]!;
        var requestId = frames[^1].SinglePending("hitl")["requestId"]!.GetValue<string>();
        request["id"]!.GetValue<string>().ShouldBe(requestId);
        request["originAgent"]!.GetValue<string>().ShouldBe("qa");
        request["payload"]!["question"]!.GetValue<string>().ShouldBe("Approve the assembled post before it is published.");
        request["payload"]!["kind"]!.GetValue<string>().ShouldBe("approval");
        request["payload"]!["urgency"]!.GetValue<string>().ShouldBe("normal");
        request["pendingNodeId"]!.GetValue<string>().ShouldBe("director.SocialPostingReview");
        request["status"]!.GetValue<string>().ShouldBe("pending");

        // Their client answers with its operator object and correlation id, then posts the envelope again to follow.
        var answer = new JsonObject
        {
            ["runId"] = runId, ["correlationId"] = "cid-ts-resume", ["note"] = "Looks good",
            ["operator"] = new JsonObject { ["id"] = "u-7", ["displayName"] = "Dana Director", ["email"] = "dana@example.com" },
            ["hitl"] = new JsonObject { ["requestId"] = requestId, ["approved"] = true },
        };
        List<SseFrame> continued;
        using (var response = await api.ResumeAsync(answer))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            response.Headers.GetValues("x-correlation-id").ShouldBe(["cid-ts-resume"]);
            continued = (await SseFrames.ReadUntilCompleteAsync(response)).WithoutHeartbeats();
        }
        envelope["constraints"] = new JsonObject { ["resumeRunId"] = runId };
        var followed = await api.RunUntilCompleteAsync(envelope);

        followed.Select(f => f.Seq).ShouldBe(continued.Select(f => f.Seq));
        followed[0].Type.ShouldBe("hitl_resolved");
        followed[0].Payload!["operator"]!.GetValue<string>().ShouldBe("Dana Director <dana@example.com> (id u-7)");
        followed[0].Payload!["request"]!["status"]!.GetValue<string>().ShouldBe("resolved");
        followed[^1].Status().ShouldBe("completed", followed[^1].Data.ToJsonString());
        followed.ShouldAllBe(f => f.Data["runId"]!.GetValue<string>() == runId);
    }

    [Fact]
    public async Task Reposting_run_stream_with_a_resumeRunId_that_names_no_run_is_a_404()
    {
        var envelope = TsEnvelopes.Load(TsEnvelopes.MarketingRun);
        envelope["constraints"] = new JsonObject { ["resumeRunId"] = Guid.NewGuid().ToString() };
        using var api = stack.CreateClient(ResourceNames.Api);

        using var response = await api.StartRunAsync(envelope.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("resumeRunId");
    }

    [Fact]
    public async Task Their_resume_body_completes_a_human_task_recording_operator_note_and_submittedAt()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilPausedAsync(HitlTestKit.HumanTaskEnvelope(), "awaiting_human");
        var runId = frames.RunId();
        var nodeId = frames[^1].SinglePending("task")["nodeId"]!.GetValue<string>();
        var humanStart = frames.Single(f => f.Type == "node_start" && f.Data["nodeId"]!.GetValue<string>() == nodeId).Payload!;
        humanStart["executorType"]!.GetValue<string>().ShouldBe("human");
        humanStart["assignment"]!["role"]!.GetValue<string>().ShouldBe("strategist");
        humanStart["assignment"]!["status"]!.GetValue<string>().ShouldBe("in_progress");

        var continued = await api.ResumeUntilCompleteAsync(new JsonObject
        {
            ["runId"] = runId, ["correlationId"] = "cid-ts-task",
            ["operator"] = new JsonObject { ["email"] = "sam@example.com" },
            ["payload"] = new JsonObject
            {
                ["nodeId"] = nodeId, ["output"] = HitlTestKit.ValidAnswer(), ["submittedAt"] = "2025-11-01T10:00:00Z", ["note"] = "Answered from the queue",
            },
        });

        continued[^1].Status().ShouldBe("completed", continued[^1].Data.ToJsonString());
        var answered = continued.First(f => f.Type == "log" && f.Payload?["taskId"] is not null).Payload!;
        answered["operator"]!.GetValue<string>().ShouldBe("sam@example.com");
        answered["note"]!.GetValue<string>().ShouldBe("Answered from the queue");
        answered["submittedAt"]!.GetValue<string>().ShouldBe("2025-11-01T10:00:00Z");
    }

    [Fact]
    public async Task Unknown_metadata_keys_of_their_clients_are_kept_with_the_run()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = TsEnvelopes.Load(TsEnvelopes.MarketingRun);
        envelope["metadata"]!["uiSession"] = "tab-7";

        var frames = await api.RunUntilCompleteAsync(envelope);

        var run = await api.GetJsonAsync($"/api/v1/flex/runs/{frames.RunId()}");
        run["envelope"]!["metadata"]!["uiSession"]!.GetValue<string>().ShouldBe("tab-7");
    }

    [Theory]
    [InlineData("goto", "policies.runtime[0].action.type")]
    [InlineData("onMetricBelow", "policies.runtime[0].trigger.kind")]
    [InlineData("onTimeout", "policies.runtime[0].trigger.ms")]
    [InlineData("kind-selector", "policies.runtime[0].trigger.selector.kind")]
    [InlineData("approveAction", "policies.runtime[0].action.approveAction")]
    [InlineData("jsonLogic", "goal_condition[0].condition.jsonLogic")]
    public async Task What_flex_cannot_honour_of_their_envelope_is_a_400_naming_the_field(string form, string field)
    {
        var envelope = TsEnvelopes.Load(TsEnvelopes.MarketingRun);
        JsonObject Policy(JsonObject trigger, JsonObject action) => new() { ["id"] = "p", ["trigger"] = trigger, ["action"] = action };
        var fail = new JsonObject { ["type"] = "fail" };
        var onComplete = new JsonObject { ["kind"] = "onNodeComplete" };
        JsonObject? policy = form switch
        {
            "goto" => Policy(onComplete, new JsonObject { ["type"] = "goto", ["next"] = "node-1" }),
            "onMetricBelow" => Policy(new JsonObject { ["kind"] = "onMetricBelow", ["metric"] = "quality", ["threshold"] = 0.5 }, fail),
            "onTimeout" => Policy(new JsonObject { ["kind"] = "onTimeout", ["ms"] = 5000 }, fail),
            "kind-selector" => Policy(new JsonObject { ["kind"] = "onNodeComplete", ["selector"] = new JsonObject { ["kind"] = "execution" } }, fail),
            "approveAction" => Policy(onComplete, new JsonObject { ["type"] = "hitl", ["approveAction"] = new JsonObject { ["type"] = "emit", ["event"] = "ok" } }),
            _ => null,
        };
        if (policy is not null)
            envelope["policies"]!["runtime"] = new JsonArray(policy);
        else
            envelope["goal_condition"] = new JsonArray(new JsonObject
            {
                ["facet"] = "post", ["path"] = "/copy", ["condition"] = new JsonObject { ["jsonLogic"] = new JsonObject { ["in"] = new JsonArray("a", "abc") } },
            });
        using var api = stack.CreateClient(ResourceNames.Api);

        using var response = await api.StartRunAsync(envelope.ToJsonString());

        await response.ShouldBeProblemNamingAsync(field);
    }
}
