namespace FlexAspire.Tests.Hitl;

/// Envelopes, registrations and calls shared by the HITL tests. Every test makes its own runs and capabilities.
public static class HitlTestKit
{
    /// A run whose only way to its contract is a human capability (clarification_request -> clarification_response);
    /// `capabilityId` pins one (a test-registered human capability) instead of HumanAgent.clarifyBrief.
    public static JsonObject HumanTaskEnvelope(string? capabilityId = null)
    {
        var envelope = new JsonObject
        {
            ["objective"] = $"Answer the strategist's questions about the brief ({Guid.NewGuid():n})",
            ["inputs"] = new JsonObject
            {
                ["clarification_request"] = new JsonObject
                {
                    ["questions"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "q1", ["question"] = "Who is the audience?", ["reason"] = "The brief names none.",
                    }),
                },
            },
            ["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("clarification_response") },
        };
        if (capabilityId is not null)
        {
            envelope["policies"] = new JsonObject
            {
                ["planner"] = new JsonObject { ["selection"] = new JsonObject { ["require"] = new JsonArray(capabilityId), ["forbid"] = new JsonArray("HumanAgent.clarifyBrief") } },
            };
        }
        return envelope;
    }

    public static JsonObject ValidAnswer(string answer = "Operations leads") => new()
    {
        ["clarification_response"] = new JsonObject { ["answers"] = new JsonArray(new JsonObject { ["questionId"] = "q1", ["answer"] = answer }) },
    };

    /// The social post sample, asking for approval of its final output.
    public static JsonObject ApprovalEnvelope()
    {
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope["constraints"]!["requiresHitlApproval"] = true;
        envelope["metadata"]!["correlationId"] = $"corr-hitl-{Guid.NewGuid():n}";
        return envelope;
    }

    /// The social post sample with a runtime policy `policyId` that asks a person (action `hitl`, with `parameters`) when
    /// the copywriter's node completes.
    public static JsonObject HitlOnCopyEnvelope(string policyId, JsonObject? parameters = null)
    {
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope["policies"]!["runtime"] = new JsonArray(
            Runs.RuntimePolicyKit.Policy(policyId, "onNodeComplete", "copywriter.SocialpostDrafting", "hitl", parameters));
        return envelope;
    }

    /// Registers a human capability like HumanAgent.clarifyBrief with its own onDecline / timeout; returns its id.
    public static async Task<string> RegisterHumanCapabilityAsync(this HttpClient registry, string onDecline, int? timeoutSeconds = null)
    {
        var id = $"test.HumanClarify{Guid.NewGuid():n}";
        var assignment = new JsonObject { ["role"] = "test_reviewer", ["onDecline"] = onDecline };
        if (timeoutSeconds is { } seconds)
            assignment["timeoutSeconds"] = seconds;
        await registry.RegisterAsync(new JsonObject
        {
            ["capabilityId"] = id,
            ["version"] = "1.0.0",
            ["displayName"] = "Test clarification (human)",
            ["summary"] = "A person answers clarification questions; registered by a HITL test.",
            ["kind"] = "execution",
            ["agentType"] = "human",
            ["inputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("clarification_request") },
            ["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("clarification_response") },
            ["assignmentDefaults"] = assignment,
        });
        return id;
    }

    public static async Task<List<SseFrame>> RunUntilCompleteAsync(this HttpClient api, JsonObject envelope)
    {
        using var response = await api.StartRunAsync(envelope.ToJsonString());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await ErrorText(response));
        return (await SseFrames.ReadUntilCompleteAsync(response)).WithoutHeartbeats();
    }

    /// Runs `envelope` until its stream ends, which must be a pause: `complete` with `status` (awaiting_hitl, awaiting_human).
    public static async Task<List<SseFrame>> RunUntilPausedAsync(this HttpClient api, JsonObject envelope, string status)
    {
        var frames = await api.RunUntilCompleteAsync(envelope);
        frames[^1].Status().ShouldBe(status, frames[^1].Data.ToJsonString());
        return frames;
    }

    /// POSTs run.resume and returns as soon as the headers arrive.
    public static Task<HttpResponseMessage> ResumeAsync(this HttpClient api, JsonObject body, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/flex/run.resume")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    public static async Task<List<SseFrame>> ResumeUntilCompleteAsync(this HttpClient api, JsonObject body)
    {
        using var response = await api.ResumeAsync(body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await ErrorText(response));
        return (await SseFrames.ReadUntilCompleteAsync(response)).WithoutHeartbeats();
    }

    public static JsonObject Approve(string runId, string requestId, bool approved, string? note = null) => new()
    {
        ["runId"] = runId, ["operator"] = "tester@example.com", ["note"] = note,
        ["hitl"] = new JsonObject { ["requestId"] = requestId, ["approved"] = approved },
    };

    public static JsonObject Submit(string runId, string nodeId, JsonNode output) => new()
    {
        ["runId"] = runId, ["operator"] = "tester@example.com",
        ["payload"] = new JsonObject { ["nodeId"] = nodeId, ["output"] = output },
    };

    public static string RunId(this List<SseFrame> frames) => frames[0].Data["runId"]!.GetValue<string>();

    public static string Status(this SseFrame complete) => complete.Payload!["status"]!.GetValue<string>();

    public static JsonObject SinglePending(this SseFrame complete, string kind) =>
        complete.Payload!["pending"]!.AsArray().Single(p => p!["kind"]!.GetValue<string>() == kind)!.AsObject();

    public static async Task<JsonNode> GetJsonAsync(this HttpClient api, string path) =>
        JsonNode.Parse(await api.GetStringAsync(path))!;

    public static async Task<string> ErrorText(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? "" : $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";

    public static Task<HttpResponseMessage> DeclineAsync(this HttpClient api, string taskId, string reason) =>
        api.PostAsJsonAsync($"/api/v1/flex/tasks/{taskId}/decline", new JsonObject { ["reason"] = reason });
}
