namespace FlexAspire.Tests.Security;

/// Findings of the hostile-input review, each proven against the running stack: no request locks others out, every
/// refusal is a problem that names the problem, and streams and lists behave for every caller.
[Collection(StackCollection.Name)]
public sealed class HostileInputTests(FlexStackFixture stack)
{
    [Fact]
    public async Task An_Idempotency_Key_belongs_to_the_API_key_that_used_it()
    {
        using var first = stack.CreateClient(ResourceNames.Api);
        using var second = stack.CreateClient(ResourceNames.Api);
        second.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FlexStackFixture.SecondApiKey);
        var key = $"shared-{Guid.NewGuid():n}";
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");

        using var mine = await first.StartRunAsync(envelope.ToJsonString(), key);
        envelope["objective"] = "Another caller's run with the same idempotency key.";
        using var theirs = await second.StartRunAsync(envelope.ToJsonString(), key);
        using var theirsAgain = await second.StartRunAsync(envelope.ToJsonString(), key);

        mine.StatusCode.ShouldBe(HttpStatusCode.OK);
        theirs.StatusCode.ShouldBe(HttpStatusCode.OK, "another API key's idempotency key is not a conflict");
        var runIds = new[] { mine, theirs, theirsAgain }.Select(r => r.Headers.GetValues("X-Flex-Run-Id").Single()).ToList();
        runIds[1].ShouldNotBe(runIds[0]);
        runIds[2].ShouldBe(runIds[1], "the same caller replays its own run");
    }

    [Fact]
    public async Task A_form_or_text_body_on_a_flex_POST_is_refused_with_415()
    {
        using var api = stack.CreateClient(ResourceNames.Api);

        using var text = await api.PostAsync("/api/v1/flex/run.stream", new StringContent(FlexApiClient.Sample("envelope-social-post.json"), Encoding.UTF8, "text/plain"));
        using var form = await api.PostAsync($"/api/v1/flex/runs/{Guid.NewGuid()}/cancel", new FormUrlEncodedContent([new("a", "b")]));

        foreach (var response in new[] { text, form })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
            (await TracedProblemAsync(response))["detail"]!.GetValue<string>().ShouldContain("application/json");
        }
    }

    [Fact]
    public async Task Streaming_a_finished_run_after_its_last_frame_ends_at_once()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var run = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        var frames = await SseFrames.ReadUntilCompleteAsync(run);
        var (runId, last) = (frames[^1].Data["runId"]!.GetValue<string>(), frames[^1].Seq);
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var atEnd = await api.GetAsync($"/api/v1/flex/runs/{runId}/stream?after={last}", bounded.Token);
        atEnd.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var beyond = await api.GetAsync($"/api/v1/flex/runs/{runId}/stream?after={last + 5}", bounded.Token);
        beyond.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await TracedProblemAsync(beyond))["errors"]!["after"].ShouldNotBeNull();
        using var lastOne = await api.GetAsync($"/api/v1/flex/runs/{runId}/stream?after={last - 1}", HttpCompletionOption.ResponseHeadersRead, bounded.Token);
        var tail = await SseFrames.ReadUntilCompleteAsync(lastOne, TimeSpan.FromSeconds(20));
        tail.Select(f => f.Seq).ShouldBe([last]);
    }

    [Fact]
    public async Task A_catastrophic_pattern_in_a_callers_schema_is_refused_within_the_regex_time_limit()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope["outputContract"] = new JsonObject
        {
            ["mode"] = "json_schema",
            ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = "^(a+)+$" },
            ["example"] = new string('a', 40) + "!",
        };
        var clock = Stopwatch.StartNew();

        using var response = await api.StartRunAsync(envelope.ToJsonString());

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "without a match timeout this pattern backtracks for hours");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var reasons = (await TracedProblemAsync(response))["errors"]!["outputContract.example"]!.ToJsonString();
        reasons.ShouldContain("Flex:Limits:RegexMatchTimeout");
    }

    [Fact]
    public async Task Human_tasks_are_filtered_by_runId_and_listed_with_the_API_key_masked()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var leaky = HitlTestKit.HumanTaskEnvelope();
        leaky["inputs"]!["clarification_request"]!["questions"]![0]!["question"] = $"Should we use {FlexStackFixture.ApiKey}?";
        var mine = (await api.RunUntilCompleteAsync(leaky)).RunId();
        var other = (await api.RunUntilCompleteAsync(HitlTestKit.HumanTaskEnvelope())).RunId();

        var tasks = (await api.GetJsonAsync($"/api/v1/flex/tasks?runId={mine}")).AsArray();

        tasks.ShouldNotBeEmpty();
        tasks.ShouldAllBe(t => t!["runId"]!.GetValue<string>() == mine);
        tasks.ShouldNotContain(t => t!["runId"]!.GetValue<string>() == other);
        var listed = tasks.ToJsonString();
        listed.ShouldNotContain(FlexStackFixture.ApiKey);
        listed.ShouldContain("[redacted]");
        (await api.GetAsync("/api/v1/flex/tasks?runId=not-a-run")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_run_list_masks_an_API_key_written_into_an_objective()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope["objective"] = $"Post about our launch; our key is {FlexStackFixture.ApiKey}";
        using (var run = await api.StartRunAsync(envelope.ToJsonString()))
            run.StatusCode.ShouldBe(HttpStatusCode.OK);

        var listed = await api.GetStringAsync("/api/v1/flex/runs?limit=20");

        listed.ShouldNotContain(FlexStackFixture.ApiKey);
        listed.ShouldContain("our key is [redacted]");
    }

    internal static async Task<JsonObject> TracedProblemAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync();
        problem["traceId"].ShouldNotBeNull("every error carries the trace id");
        return problem;
    }
}
