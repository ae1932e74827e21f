namespace FlexAspire.Tests.Agents;

/// The real OpenAI SDK (through Microsoft.Extensions.AI and the resilience handler) against FakeOpenAiServer.
public sealed class OpenAiThroughFakeServerTests : IAsyncLifetime
{
    private const string ValidPostCopy =
        """{"post_copy":"Acme Robotics: fewer breakdowns. Predictive maintenance for plant managers. Book a demo. #Acme","handoff_summary":["Copywriter: drafted the post"]}""";

    private static readonly JsonObject BriefInputs = new()
    {
        ["creative_brief"] = new JsonObject
        {
            ["core_message"] = "Fewer breakdowns", ["supporting_points"] = new JsonArray("Sensors predict failures"),
            ["structure"] = "Problem -> Solution -> CTA", ["tone"] = "practical", ["audience"] = "plant managers",
        },
    };

    private FakeOpenAiServer _server = null!;
    private AgentRuntimeTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _host = AgentRuntimeTestHost.OpenAi(_server.BaseUrl);
    }

    [Fact]
    public async Task NUL_characters_in_the_models_answer_are_removed_and_the_output_stays_valid()
    {
        // U+0000 as a JSON escape inside a value and raw inside the message text: PostgreSQL could store neither.
        _server.Enqueue(FakeOpenAiServer.Completion(ValidPostCopy.Replace("fewer breakdowns", "fewer\\u0000 breakdowns") + "\u0000"));

        var result = await InvokeCopywriter();

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        result.Output!["post_copy"]!.GetValue<string>().ShouldStartWith("Acme Robotics: fewer breakdowns.");
        result.Output.ToJsonString().ShouldNotContain("\\u0000");
    }

    [Fact]
    public async Task Request_carries_the_strict_schema_and_the_capability_prompt()
    {
        _server.Enqueue(FakeOpenAiServer.Completion(ValidPostCopy));

        var result = await InvokeCopywriter();

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        var request = _server.ChatRequests.ShouldHaveSingleItem();
        request["model"]!.GetValue<string>().ShouldBe("fake-model");
        var format = request["response_format"]!;
        format["type"]!.GetValue<string>().ShouldBe("json_schema");
        format["json_schema"]!["strict"]!.GetValue<bool>().ShouldBeTrue();
        var sent = format["json_schema"]!["schema"]!;
        sent["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["post_copy", "handoff_summary"], ignoreOrder: true);
        sent["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
        sent["properties"]!["post_copy"]!["type"]!.GetValue<string>().ShouldBe("string");
        sent["properties"]!["handoff_summary"]!["items"]!["type"]!.GetValue<string>().ShouldBe("string");

        var messages = request["messages"]!.AsArray();
        var system = messages.First(m => m!["role"]!.GetValue<string>() == "system")!["content"]!.ToJsonString();
        system.ShouldContain("You are a social media copywriter.");
        var user = messages.First(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.ToJsonString();
        user.ShouldContain("Sensors predict failures");
        user.ShouldContain("Keep it under 120 words");
    }

    [Fact]
    public async Task A_schema_outside_the_strict_subset_is_sent_in_json_mode()
    {
        _server.Enqueue(FakeOpenAiServer.Completion("""{"title":"Acme"}"""));
        var callerSchema = JsonNode.Parse("""{"type":"object","required":["title"],"properties":{"title":{"type":"string"},"note":{"type":"string"}}}""")!.AsObject();

        var result = await _host.Invoker.InvokeAsync(_host.Call("contract.Structurer", BriefInputs.DeepClone().AsObject(), callerSchema), CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        _server.ChatRequests.ShouldHaveSingleItem()["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_object");
    }

    [Fact]
    public async Task A_rate_limited_call_is_retried_after_retry_after_and_then_succeeds()
    {
        _server.Enqueue(FakeReply.TooManyRequests(retryAfterSeconds: 1), FakeOpenAiServer.Completion(ValidPostCopy));
        var clock = Stopwatch.StartNew();

        var result = await InvokeCopywriter();

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        _server.ChatRequests.Count.ShouldBe(2);
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900), "Retry-After: 1 was not honoured");
        result.Attempts.ShouldBe(1, "a transient fault is not a validation attempt");
    }

    [Fact]
    public async Task A_server_error_is_retried_without_counting_as_an_attempt()
    {
        _server.Enqueue(FakeOpenAiServer.ServerError(), FakeOpenAiServer.Completion(ValidPostCopy));

        var result = await InvokeCopywriter();

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        result.Attempts.ShouldBe(1);
        _server.ChatRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_hanging_model_hits_the_timeout_and_fails_the_call()
    {
        _server.Enqueue(FakeReply.Hanging(), FakeReply.Hanging(), FakeReply.Hanging());
        using var host = AgentRuntimeTestHost.OpenAi(_server.BaseUrl, new()
        {
            ["Flex:Model:Resilience:AttemptTimeout"] = "00:00:01",
            ["Flex:Model:Resilience:TotalTimeout"] = "00:00:10",
        });

        var result = await host.Invoker.InvokeAsync(host.Call("copywriter.SocialpostDrafting", BriefInputs.DeepClone().AsObject()), CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Failed);
        result.Failure!.Code.ShouldBe(CapabilityFailureCodes.Timeout, result.Failure.Message);
        result.Failure.Retryable.ShouldBeTrue();
        // Under load an attempt can time out before the fake server has recorded it, so count "retried", not "exactly 3".
        _server.ChatRequests.Count.ShouldBeGreaterThanOrEqualTo(2, "a timed-out attempt is retried");
    }

    [Fact]
    public async Task Cancelling_the_caller_token_cancels_the_call_instead_of_failing_it()
    {
        _server.Enqueue(FakeReply.Hanging());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() =>
            _host.Invoker.InvokeAsync(_host.Call("copywriter.SocialpostDrafting", BriefInputs.DeepClone().AsObject()), cancel.Token));
        _server.ChatRequests.Count.ShouldBe(1, "a cancelled call is not retried");
    }

    [Fact]
    public async Task Malformed_json_leads_to_a_reask_whose_messages_include_the_validation_errors()
    {
        _server.Enqueue(FakeOpenAiServer.Completion("""{"post_copy": {"headline": "Acme"""), FakeOpenAiServer.Completion(ValidPostCopy));
        var failures = new List<CapabilityAttemptFailed>();

        var result = await InvokeCopywriter((failed, _) => { failures.Add(failed); return ValueTask.CompletedTask; });

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        result.Attempts.ShouldBe(2);
        var failure = failures.ShouldHaveSingleItem();
        failure.Attempt.ShouldBe(1);
        failure.MaxAttempts.ShouldBe(3);
        failure.WillRetry.ShouldBeTrue();
        failure.Errors.ShouldHaveSingleItem().Keyword.ShouldBe("json");

        var reAsk = _server.ChatRequests[1]["messages"]!.AsArray();
        reAsk.ShouldContain(m => m!["role"]!.GetValue<string>() == "assistant" && m["content"]!.ToJsonString().Contains("Acme"));
        var correction = reAsk.Last()!["content"]!.ToJsonString();
        correction.ShouldContain(CapabilityPromptBuilder.CorrectionHeading);
        correction.ShouldContain("not valid JSON");
    }

    [Fact]
    public async Task Schema_invalid_answers_are_reasked_with_their_errors_until_the_bound_then_fail()
    {
        const string copyAsObject = """{"post_copy":{"headline":"Acme"},"handoff_summary":["Copywriter: drafted the post"]}""";
        _server.Enqueue(Enumerable.Repeat(FakeOpenAiServer.Completion(copyAsObject), 3).ToArray());
        var failures = new List<CapabilityAttemptFailed>();

        var result = await InvokeCopywriter((failed, _) => { failures.Add(failed); return ValueTask.CompletedTask; });

        result.Status.ShouldBe(CapabilityInvocationStatus.Failed);
        result.Failure!.Code.ShouldBe(CapabilityFailureCodes.ValidationFailed);
        result.Failure.Errors!.ShouldContain(e => e.Keyword == "type" && e.InstancePath == "/post_copy");
        failures.Select(f => (f.Attempt, f.WillRetry)).ShouldBe([(1, true), (2, true), (3, false)]);
        _server.ChatRequests[1]["messages"]!.AsArray().Last()!["content"]!.ToJsonString().ShouldContain("/post_copy");
    }

    [Fact]
    public async Task Token_usage_is_recorded_per_call_and_summed()
    {
        _server.Enqueue(
            FakeOpenAiServer.Completion("not json", promptTokens: 100, completionTokens: 10),
            FakeOpenAiServer.Completion(ValidPostCopy, promptTokens: 150, completionTokens: 30));

        var result = await InvokeCopywriter();

        result.Calls.Select(c => c.Usage).ShouldBe([new TokenUsage(100, 10, 110), new TokenUsage(150, 30, 180)]);
        result.Usage.ShouldBe(new TokenUsage(250, 40, 290));
        result.Model.ShouldBe("fake-model");
    }

    [Fact]
    public async Task A_hitl_request_tool_call_ends_the_invocation_with_the_request()
    {
        _server.Enqueue(FakeOpenAiServer.ToolCall("hitl_request",
            """{"question":"Which plant should the post name?","kind":"approval","allowFreeForm":false,"urgency":"low"}"""));

        var result = await _host.Invoker.InvokeAsync(
            _host.Call("copywriter.SocialpostDrafting", BriefInputs.DeepClone().AsObject()) with { OfferHitlRequest = true }, CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.HitlRequested, result.Failure?.ToString());
        result.HitlRequest.ShouldBe(new AgentHitlRequest("Which plant should the post name?", FlexAspire.Contracts.Hitl.HitlKind.Approval, false,
            FlexAspire.Contracts.Hitl.HitlUrgency.Low));
        var tool = _server.ChatRequests.ShouldHaveSingleItem()["tools"]!.AsArray().ShouldHaveSingleItem()!;
        tool["type"]!.GetValue<string>().ShouldBe("function");
        tool["function"]!["name"]!.GetValue<string>().ShouldBe("hitl_request");
        tool["function"]!["parameters"]!["properties"]!["kind"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["approval", "clarify"]);
    }

    [Fact]
    public async Task A_malformed_or_unoffered_hitl_request_call_is_an_invalid_attempt()
    {
        _server.Enqueue(FakeOpenAiServer.ToolCall("hitl_request", """{"question":"","kind":"maybe"}"""),
            FakeOpenAiServer.ToolCall("hitl_request", """{"question":"Again?","kind":"clarify","allowFreeForm":true,"urgency":"normal"}"""));
        var failures = new List<CapabilityAttemptFailed>();

        var result = await _host.Invoker.InvokeAsync(
            _host.Call("copywriter.SocialpostDrafting", BriefInputs.DeepClone().AsObject()) with
            {
                OfferHitlRequest = true,
                OnAttemptFailed = (f, _) => { failures.Add(f); return ValueTask.CompletedTask; },
            }, CancellationToken.None);

        // The malformed call is re-asked; the well-formed second call asks the person.
        result.Status.ShouldBe(CapabilityInvocationStatus.HitlRequested, result.Failure?.ToString());
        failures.ShouldHaveSingleItem().Errors.ShouldHaveSingleItem().Keyword.ShouldBe("hitl_request");

        // Not offered: no tools are sent, and a call anyway is an invalid attempt.
        _server.Enqueue(FakeOpenAiServer.ToolCall("hitl_request", """{"question":"Again?","kind":"clarify","allowFreeForm":true,"urgency":"normal"}"""),
            FakeOpenAiServer.Completion(ValidPostCopy));
        var notOffered = await InvokeCopywriter();
        notOffered.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, notOffered.Failure?.ToString());
        notOffered.Attempts.ShouldBe(2);
        _server.ChatRequests[^1].ContainsKey("tools").ShouldBeFalse();
    }

    private Task<CapabilityInvocationResult> InvokeCopywriter(Func<CapabilityAttemptFailed, CancellationToken, ValueTask>? onFailed = null) =>
        _host.Invoker.InvokeAsync(_host.Call("copywriter.SocialpostDrafting", BriefInputs.DeepClone().AsObject(), onAttemptFailed: onFailed),
            CancellationToken.None);

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }
}
