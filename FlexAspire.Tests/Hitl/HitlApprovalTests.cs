namespace FlexAspire.Tests.Hitl;

[Collection(StackCollection.Name)]
public sealed class HitlApprovalTests(FlexStackFixture stack)
{
    [Fact]
    public async Task RequiresHitlApproval_asks_once_and_approving_completes_without_asking_again()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilPausedAsync(HitlTestKit.ApprovalEnvelope(), "awaiting_hitl");
        var runId = frames.RunId();
        var asked = frames.Single(f => f.Type == "hitl_request");
        asked.Payload!["kind"]!.GetValue<string>().ShouldBe("approval");
        asked.Payload!["subject"]!["post"].ShouldNotBeNull("the person sees the output they approve");
        var requestId = frames[^1].SinglePending("hitl")["requestId"]!.GetValue<string>();
        (await api.GetJsonAsync($"/api/v1/flex/hitl/pending?runId={runId}")).AsArray()
            .ShouldHaveSingleItem()!["requestId"]!.GetValue<string>().ShouldBe(requestId);

        var continued = await api.ResumeUntilCompleteAsync(HitlTestKit.Approve(runId, requestId, approved: true));

        continued[0].Type.ShouldBe("hitl_resolved");
        continued[0].Seq.ShouldBe(frames[^1].Seq + 1);
        continued.ShouldNotContain(f => f.Type == "hitl_request" || f.Type == "node_start", "nothing is asked or run again");
        continued[^1].Status().ShouldBe("completed", continued[^1].Data.ToJsonString());
        continued[^1].Payload!["output"]!["post"].ShouldNotBeNull();
        (await api.GetJsonAsync($"/api/v1/flex/hitl/pending?runId={runId}")).AsArray().ShouldBeEmpty();
        (await CountRequestsAsync(runId)).ShouldBe(1);
    }

    [Fact]
    public async Task A_runtime_policy_with_action_hitl_holds_the_node_until_approved()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilCompleteAsync(HitlTestKit.HitlOnCopyEnvelope("approve-copy"));
        frames[^1].Status().ShouldBe("awaiting_hitl", string.Join("\n", frames.Select(f => f.Data.ToJsonString())));
        var pending = frames[^1].SinglePending("hitl");
        pending["nodeId"]!.GetValue<string>().ShouldBe("copywriter.SocialpostDrafting");
        frames.ShouldNotContain(f => f.Type == "node_complete" && f.Data["nodeId"]!.GetValue<string>() == "copywriter.SocialpostDrafting");

        var continued = await api.ResumeUntilCompleteAsync(HitlTestKit.Approve(frames.RunId(), pending["requestId"]!.GetValue<string>(), approved: true));

        continued.ShouldContain(f => f.Type == "node_complete" && f.Data["nodeId"]!.GetValue<string>() == "copywriter.SocialpostDrafting");
        continued.ShouldNotContain(f => f.Type == "node_start" && f.Data["nodeId"]!.GetValue<string>() == "copywriter.SocialpostDrafting", "an approved node is not run again");
        continued[^1].Status().ShouldBe("completed", continued[^1].Data.ToJsonString());
    }

    [Fact]
    public async Task Rejecting_the_final_output_fails_the_run_with_the_rejection_reason()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilCompleteAsync(HitlTestKit.ApprovalEnvelope());
        var requestId = frames[^1].SinglePending("hitl")["requestId"]!.GetValue<string>();

        var continued = await api.ResumeUntilCompleteAsync(HitlTestKit.Approve(frames.RunId(), requestId, approved: false, note: "Tone is off-brand"));

        continued[^1].Status().ShouldBe("failed");
        continued[^1].Payload!["error"]!["code"]!.GetValue<string>().ShouldBe("hitl_rejected");
        continued[^1].Payload!["error"]!["message"]!.GetValue<string>().ShouldContain("Tone is off-brand");
        (await api.GetJsonAsync($"/api/v1/flex/runs/{frames.RunId()}"))["status"]!.GetValue<string>().ShouldBe("failed");
    }

    [Fact]
    public async Task Two_concurrent_resumes_of_one_run_one_streams_and_the_other_gets_409()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilCompleteAsync(HitlTestKit.ApprovalEnvelope());
        var requestId = frames[^1].SinglePending("hitl")["requestId"]!.GetValue<string>();

        // Different answers, so that a late loser cannot be taken for a replay of the winner.
        var responses = await Task.WhenAll(
            api.ResumeAsync(HitlTestKit.Approve(frames.RunId(), requestId, approved: true)),
            api.ResumeAsync(HitlTestKit.Approve(frames.RunId(), requestId, approved: false, note: "No")));
        try
        {
            responses.Select(r => r.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict], ignoreOrder: true);
            var winner = responses.Single(r => r.StatusCode == HttpStatusCode.OK);
            var continued = await SseFrames.ReadUntilCompleteAsync(winner);
            continued.Count(f => f.Type == "hitl_resolved").ShouldBe(1);
            (await api.GetJsonAsync($"/api/v1/flex/runs/{frames.RunId()}"))["status"]!.GetValue<string>().ShouldBeOneOf("completed", "failed");
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
    }

    [Fact]
    public async Task A_resume_with_a_stale_expectedPlanVersion_is_409_and_the_run_stays_paused()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilCompleteAsync(HitlTestKit.ApprovalEnvelope());
        var body = HitlTestKit.Approve(frames.RunId(), frames[^1].SinglePending("hitl")["requestId"]!.GetValue<string>(), approved: true);
        body["expectedPlanVersion"] = 99;

        using var response = await api.ResumeAsync(body);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.GetJsonAsync($"/api/v1/flex/runs/{frames.RunId()}"))["status"]!.GetValue<string>().ShouldBe("awaiting_hitl");
    }

    [Fact]
    public async Task Resume_errors_are_problem_details()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var unknownRun = await api.ResumeAsync(HitlTestKit.Approve(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), true));
        unknownRun.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var unknownField = await api.ResumeAsync(new() { ["runId"] = Guid.NewGuid().ToString(), ["surprise"] = 1 });
        unknownField.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknownField.Content.ReadAsStringAsync()).ShouldContain("surprise");
        using var badStatus = await api.GetAsync("/api/v1/flex/tasks?status=bogus");
        badStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task<long> CountRequestsAsync(string runId)
    {
        await using var connection = new NpgsqlConnection(await stack.GetDatabaseConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM hitl_requests WHERE run_id = @run", connection);
        command.Parameters.AddWithValue("run", runId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
