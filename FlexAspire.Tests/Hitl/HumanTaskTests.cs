namespace FlexAspire.Tests.Hitl;

[Collection(StackCollection.Name)]
public sealed class HumanTaskTests(FlexStackFixture stack)
{
    [Fact]
    public async Task Human_task_is_listed_with_its_schema_rejects_an_invalid_answer_with_422_and_continues_on_a_valid_one()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilPausedAsync(HitlTestKit.HumanTaskEnvelope(), "awaiting_human");
        var runId = frames.RunId();
        var pending = frames[^1].SinglePending("task");
        var taskId = pending["taskId"]!.GetValue<string>();
        var nodeId = pending["nodeId"]!.GetValue<string>();

        var tasks = (await api.GetJsonAsync("/api/v1/flex/tasks?role=strategist&status=pending")).AsArray();
        var task = tasks.Single(t => t!["taskId"]!.GetValue<string>() == taskId)!;
        task["runId"]!.GetValue<string>().ShouldBe(runId);
        task["capabilityId"]!.GetValue<string>().ShouldBe("HumanAgent.clarifyBrief");
        task["inputs"]!["clarification_request"]!["questions"]![0]!["id"]!.GetValue<string>().ShouldBe("q1");
        task["outputSchema"]!["properties"]!["clarification_response"].ShouldNotBeNull();
        (await api.GetJsonAsync("/api/v1/flex/tasks?role=nobody")).AsArray().ShouldNotContain(t => t!["taskId"]!.GetValue<string>() == taskId);

        using (var invalid = await api.ResumeAsync(HitlTestKit.Submit(runId, nodeId, new JsonObject { ["clarification_response"] = new JsonObject { ["answers"] = "none" } })))
        {
            invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            invalid.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!;
            problem["errors"]!.AsArray().ShouldNotBeEmpty();
        }
        (await api.GetJsonAsync($"/api/v1/flex/runs/{runId}"))["status"]!.GetValue<string>().ShouldBe("awaiting_human");

        var continued = await api.ResumeUntilCompleteAsync(HitlTestKit.Submit(runId, nodeId, HitlTestKit.ValidAnswer()));
        continued[^1].Status().ShouldBe("completed", continued[^1].Data.ToJsonString());
        continued[^1].Payload!["output"]!["clarification_response"]!["answers"]![0]!["answer"]!.GetValue<string>().ShouldBe("Operations leads");
        continued.ShouldContain(f => f.Type == "node_complete" && f.Data["nodeId"]!.GetValue<string>() == nodeId);
        continued.Select(f => f.Seq).ShouldBe(Enumerable.Range((int)continued[0].Seq, continued.Count).Select(i => (long)i));
    }

    [Fact]
    public async Task The_same_resume_replayed_streams_the_same_frames_and_runs_nothing_twice()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilCompleteAsync(HitlTestKit.HumanTaskEnvelope());
        var runId = frames.RunId();
        var nodeId = frames[^1].SinglePending("task")["nodeId"]!.GetValue<string>();
        var body = HitlTestKit.Submit(runId, nodeId, HitlTestKit.ValidAnswer());

        var first = await api.ResumeUntilCompleteAsync(body);
        var again = await api.ResumeUntilCompleteAsync(body);

        again.Select(f => (f.Seq, f.Type)).ShouldBe(first.Select(f => (f.Seq, f.Type)));
        var detail = await api.GetJsonAsync($"/api/v1/flex/runs/{runId}");
        detail["lastSeq"]!.GetValue<long>().ShouldBe(first[^1].Seq, "the replay wrote nothing");
        using var other = await api.ResumeAsync(HitlTestKit.Submit(runId, nodeId, HitlTestKit.ValidAnswer("Someone else")));
        other.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Declining_with_requeue_reopens_the_task_and_the_run_stays_paused()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilCompleteAsync(HitlTestKit.HumanTaskEnvelope());
        var taskId = frames[^1].SinglePending("task")["taskId"]!.GetValue<string>();

        using var declined = await api.DeclineAsync(taskId, "Not my area");
        declined.StatusCode.ShouldBe(HttpStatusCode.OK, await HitlTestKit.ErrorText(declined));
        JsonNode.Parse(await declined.Content.ReadAsStringAsync())!["status"]!.GetValue<string>().ShouldBe("pending");
        (await api.GetJsonAsync($"/api/v1/flex/runs/{frames.RunId()}"))["status"]!.GetValue<string>().ShouldBe("awaiting_human");
        (await api.GetJsonAsync("/api/v1/flex/tasks?role=strategist")).AsArray().ShouldContain(t => t!["taskId"]!.GetValue<string>() == taskId);
    }

    [Fact]
    public async Task Declining_with_fail_run_fails_the_run_with_the_reason()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await RunAtOwnHumanCapabilityAsync(api, "fail_run");
        frames[^1].Status().ShouldBe("awaiting_human", frames[^1].Data.ToJsonString());
        var nodeId = frames[^1].SinglePending("task")["nodeId"]!.GetValue<string>();

        var continued = await api.ResumeUntilCompleteAsync(new JsonObject
        {
            ["runId"] = frames.RunId(),
            ["payload"] = new JsonObject { ["nodeId"] = nodeId, ["decline"] = new JsonObject { ["reason"] = "Conflict of interest" } },
        });

        continued[^1].Status().ShouldBe("failed");
        continued[^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("task_declined");
        continued[^1].Payload!["error"]!["message"]!.GetValue<string>().ShouldContain("Conflict of interest");
    }

    [Fact]
    public async Task Declining_with_escalate_raises_a_hitl_request_whose_approval_reopens_the_task()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await RunAtOwnHumanCapabilityAsync(api, "escalate");
        var runId = frames.RunId();
        var task = frames[^1].SinglePending("task");

        using var declined = await api.DeclineAsync(task["taskId"]!.GetValue<string>(), "Needs a senior strategist");
        declined.StatusCode.ShouldBe(HttpStatusCode.OK, await HitlTestKit.ErrorText(declined));
        (await api.GetJsonAsync($"/api/v1/flex/runs/{runId}"))["status"]!.GetValue<string>().ShouldBe("awaiting_hitl");
        var request = (await api.GetJsonAsync($"/api/v1/flex/hitl/pending?runId={runId}")).AsArray().ShouldHaveSingleItem()!;
        request["question"]!.GetValue<string>().ShouldContain("Needs a senior strategist");

        var continued = await api.ResumeUntilCompleteAsync(HitlTestKit.Approve(runId, request["requestId"]!.GetValue<string>(), approved: true));
        continued[0].Type.ShouldBe("hitl_resolved");
        continued[^1].Status().ShouldBe("awaiting_human");
        continued[^1].SinglePending("task")["taskId"]!.GetValue<string>().ShouldBe(task["taskId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_task_past_its_timeout_fails_the_run_with_a_timeout_error()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await RunAtOwnHumanCapabilityAsync(api, "requeue", timeoutSeconds: 1);
        var runId = frames.RunId();
        frames[^1].Status().ShouldBe("awaiting_human");

        await Eventually.ShouldBecomeTrueAsync(async () =>
            (await api.GetJsonAsync($"/api/v1/flex/runs/{runId}"))["status"]!.GetValue<string>() == "failed", TimeSpan.FromSeconds(30),
            "the timeout job fails an overdue task's run");
        var detail = await api.GetJsonAsync($"/api/v1/flex/runs/{runId}");
        detail["error"]!["code"]!.GetValue<string>().ShouldBe("human_task_timeout");
        using var stream = await api.GetAsync($"/api/v1/flex/runs/{runId}/stream?after={frames[^1].Seq}", HttpCompletionOption.ResponseHeadersRead);
        var tail = await SseFrames.ReadUntilCompleteAsync(stream);
        tail[^1].Status().ShouldBe("failed");
    }

    /// A run paused at a human capability this test registers with its own onDecline and timeout.
    private async Task<List<SseFrame>> RunAtOwnHumanCapabilityAsync(HttpClient api, string onDecline, int? timeoutSeconds = null)
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var capabilityId = await registry.RegisterHumanCapabilityAsync(onDecline, timeoutSeconds);
        return await api.RunUntilCompleteAsync(HitlTestKit.HumanTaskEnvelope(capabilityId));
    }
}
