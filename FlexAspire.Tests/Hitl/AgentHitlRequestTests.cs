namespace FlexAspire.Tests.Hitl;

/// The `hitl_request` tool: the fake model answers the copywriter's first call of a run with a tool call, the run
/// pauses for the person and the copywriter runs again with their answer in its prompt.
[Collection(StackCollection.Name)]
public sealed class AgentHitlRequestTests(ScriptedModelStackFixture stack)
{
    private const string Copywriter = "copywriter.SocialpostDrafting";

    [Fact]
    public async Task A_model_calling_hitl_request_pauses_the_run_and_reruns_the_node_with_the_answer()
    {
        var marker = Guid.NewGuid().ToString("n");
        var question = $"Which product line should the post feature? ({marker})";
        using var script = ScriptFirstCopywriterCall(marker, new JsonObject
        {
            ["question"] = question, ["kind"] = "clarify", ["allowFreeForm"] = true, ["urgency"] = "high",
        }.ToJsonString());
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilPausedAsync(Envelope(marker), "awaiting_hitl");

        var request = frames.Single(f => f.Type == "hitl_request").Payload!;
        request["question"]!.GetValue<string>().ShouldBe(question);
        request["kind"]!.GetValue<string>().ShouldBe("clarify");
        request["urgency"]!.GetValue<string>().ShouldBe("high");
        request["purpose"]!.GetValue<string>().ShouldBe("agent_request");
        var pending = frames[^1].SinglePending("hitl");
        script.Calls.ShouldBe(1);
        var asked = script.FirstBody!;
        asked["tools"]!.AsArray().ShouldContain(t => t!["function"]!["name"]!.GetValue<string>() == "hitl_request",
            asked["tools"]!.ToJsonString());
        var parameters = asked["tools"]!.AsArray().Single(t => t!["function"]!["name"]!.GetValue<string>() == "hitl_request")!["function"]!["parameters"]!;
        parameters["properties"]!.AsObject().Select(p => p.Key).Order().ShouldBe(["allowFreeForm", "kind", "question", "urgency"]);

        var answer = $"Feature the compostable mailer line {marker}";
        stack.Prompts.ShouldNotContain(p => p.Contains(answer));
        var continued = await api.ResumeUntilCompleteAsync(new JsonObject
        {
            ["runId"] = frames.RunId(),
            ["hitl"] = new JsonObject { ["requestId"] = pending["requestId"]!.GetValue<string>(), ["response"] = answer },
        });

        continued[^1].Status().ShouldBe("completed", continued[^1].Data.ToJsonString());
        continued.ShouldContain(f => f.Type == "hitl_resolved");
        continued.ShouldContain(f => f.Type == "node_start" && f.Data["nodeId"]!.GetValue<string>() == pending["nodeId"]!.GetValue<string>());
        continued.ShouldNotContain(f => f.Type == "hitl_request");
        stack.Prompts.ShouldContain(p => p.Contains(answer) && p.Contains(question));
        script.Calls.ShouldBe(1);
        // The same question is not asked again: after the answer the copywriter is not offered the tool.
        stack.Model.ChatRequests.Last(r => r.ToJsonString().Contains(answer, StringComparison.Ordinal))["tools"].ShouldBeNull();
    }

    [Fact]
    public async Task An_agent_approval_request_answered_no_fails_the_run()
    {
        var marker = Guid.NewGuid().ToString("n");
        using var script = ScriptFirstCopywriterCall(marker, new JsonObject
        {
            ["question"] = $"May the post name our competitor? ({marker})", ["kind"] = "approval", ["allowFreeForm"] = false, ["urgency"] = "normal",
        }.ToJsonString());
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilPausedAsync(Envelope(marker), "awaiting_hitl");
        var pending = frames[^1].SinglePending("hitl");

        var continued = await api.ResumeUntilCompleteAsync(new JsonObject
        {
            ["runId"] = frames.RunId(),
            ["hitl"] = new JsonObject { ["requestId"] = pending["requestId"]!.GetValue<string>(), ["approved"] = false, ["response"] = "No competitor names." },
        });

        continued[^1].Status().ShouldBe("failed", continued[^1].Data.ToJsonString());
        continued[^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("hitl_rejected");
    }

    [Fact]
    public async Task A_malformed_hitl_request_call_counts_as_an_invalid_attempt()
    {
        var marker = Guid.NewGuid().ToString("n");
        using var script = ScriptFirstCopywriterCall(marker, """{"question": "", "kind": "maybe"}""");
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(Envelope(marker));

        frames[^1].Status().ShouldBe("completed", frames[^1].Data.ToJsonString());
        frames.ShouldNotContain(f => f.Type == "hitl_request");
        frames.ShouldContain(f => f.Type == "validation_error" && f.Payload!.ToJsonString().Contains("hitl_request", StringComparison.Ordinal));
        script.Calls.ShouldBe(1);
    }

    private static JsonObject Envelope(string marker)
    {
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope["objective"] = $"{envelope["objective"]!.GetValue<string>()} (run {marker})";
        return envelope;
    }

    /// Answers the first chat request of the run (found by `marker` in its objective) made for the copywriter with a
    /// `hitl_request` tool call; every other request gets the fixture's usual answer.
    private Script ScriptFirstCopywriterCall(string marker, string arguments)
    {
        var system = new HostedCapabilityCatalog().Find(Copywriter)!.InstructionTemplates!["system"]!.GetValue<string>();
        var firstLine = system.Split('\n')[0].Trim();
        return new Script(stack.Model, request => request.Body.Contains(marker, StringComparison.Ordinal)
                                                  && (request.Json!["messages"]!.ToJsonString().Contains(JsonSerializer.Serialize(firstLine)[1..^1], StringComparison.Ordinal)),
            FakeOpenAiServer.ToolCall("hitl_request", arguments));
    }

    /// Wraps the fixture's responder for one test; the first matching request gets `reply`.
    private sealed class Script : IDisposable
    {
        private readonly FakeOpenAiServer _model;
        private readonly Func<RecordedRequest, FakeReply>? _inner;
        private readonly Lock _gate = new();

        public Script(FakeOpenAiServer model, Func<RecordedRequest, bool> matches, FakeReply reply)
        {
            _model = model;
            _inner = model.Responder;
            model.Responder = request =>
            {
                lock (_gate)
                {
                    if (Calls == 0 && matches(request))
                    {
                        Calls++;
                        FirstBody = request.Json!.AsObject();
                        return reply;
                    }
                }
                return _inner!(request);
            };
        }

        public int Calls { get; private set; }
        public JsonObject? FirstBody { get; private set; }

        public void Dispose() => _model.Responder = _inner;
    }
}
