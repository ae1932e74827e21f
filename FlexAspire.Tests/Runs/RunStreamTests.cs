using Json.Schema;

namespace FlexAspire.Tests.Runs;

[Collection(StackCollection.Name)]
public sealed class RunStreamTests(FlexStackFixture stack)
{
    [Fact]
    public async Task Social_post_run_completes_with_ordered_gapless_frames_and_a_post_valid_against_its_facet()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");

        var frames = (await SseFrames.ReadUntilCompleteAsync(response)).WithoutHeartbeats();

        frames.Select(f => f.Seq).ShouldBe(Enumerable.Range(1, frames.Count).Select(i => (long)i));
        frames.Select(f => f.Id).ShouldBe(frames.Select(f => f.Seq.ToString()));
        frames.Take(3).Select(f => f.Type).ShouldBe(["start", "plan_requested", "plan_generated"]);
        frames.Count(f => f.Type == "complete").ShouldBe(1);
        var complete = frames[^1];
        complete.Type.ShouldBe("complete");
        complete.Payload!["status"]!.GetValue<string>().ShouldBe("completed", complete.Data.ToJsonString());
        var nodeIds = frames.Single(f => f.Type == "plan_generated").Payload!["plan"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        frames.Where(f => f.Type == "node_complete").Select(f => f.Data["nodeId"]!.GetValue<string>()).ShouldBe(nodeIds, ignoreOrder: true);
        frames.Where(f => f.Type == "node_start").Count().ShouldBe(nodeIds.Count);

        var post = complete.Payload["output"]!["post"];
        var postSchema = JsonSchema.FromText(FacetCatalog.Find("post")!.Schema.ToJsonString());
        postSchema.Evaluate(JsonSerializer.SerializeToElement(post)).IsValid.ShouldBeTrue();

        var runId = complete.Data["runId"]!.GetValue<string>();
        var detail = JsonNode.Parse(await api.GetStringAsync($"/api/v1/flex/runs/{runId}"))!;
        detail["status"]!.GetValue<string>().ShouldBe("completed");
        detail["lastSeq"]!.GetValue<long>().ShouldBe(complete.Seq);
        JsonNode.DeepEquals(detail["output"], complete.Payload["output"]).ShouldBeTrue();
        detail["eventCount"]!.GetValue<long>().ShouldBe(complete.Seq);
        detail["planVersions"]!.AsArray().Select(v => v!.GetValue<int>()).ShouldBe([1]);
        detail["nodes"]!.AsArray().Select(n => n!["nodeId"]!.GetValue<string>()).ShouldBe(nodeIds, ignoreOrder: true);
        detail["nodes"]!.AsArray().ShouldAllBe(n => n!["status"]!.GetValue<string>() == "completed" && n["attempts"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task A_json_schema_contract_unlike_any_facet_gets_a_structuring_node_and_a_valid_output()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = FlexApiClient.SampleObject("envelope-variants.json");
        using var response = await api.StartRunAsync(envelope.ToJsonString());
        var frames = await SseFrames.ReadUntilCompleteAsync(response);

        var plan = frames.Single(f => f.Type == "plan_generated").Payload!["plan"]!;
        plan["nodes"]!.AsArray().ShouldContain(n => n!["capabilityId"]!.GetValue<string>() == "contract.Structurer");
        var complete = frames[^1];
        complete.Payload!["status"]!.GetValue<string>().ShouldBe("completed", complete.Data.ToJsonString());
        var schema = JsonSchema.FromText(envelope["outputContract"]!["schema"]!.ToJsonString());
        schema.Evaluate(JsonSerializer.SerializeToElement(complete.Payload["output"])).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_delivers_every_remaining_frame_exactly_once()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        string runId;
        long lastSeen;
        using (var response = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json")))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            var firstFrames = new List<SseFrame>();
            await foreach (var frame in SseFrames.ReadAsync(stream))
            {
                firstFrames.Add(frame);
                if (firstFrames.Count == 3) break; // drop the connection mid-run
            }
            runId = firstFrames[0].Data["runId"]!.GetValue<string>();
            lastSeen = firstFrames[^1].Seq;
        }

        var resume = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/flex/runs/{runId}/stream");
        resume.Headers.Add("Last-Event-ID", lastSeen.ToString());
        using var resumed = await api.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead);
        var rest = (await SseFrames.ReadUntilCompleteAsync(resumed)).WithoutHeartbeats();

        rest[0].Seq.ShouldBe(lastSeen + 1);
        rest.Select(f => f.Seq).ShouldBe(Enumerable.Range((int)lastSeen + 1, rest.Count).Select(i => (long)i));
        rest[^1].Type.ShouldBe("complete");

        // A finished run replays from ?after= and closes.
        using var replay = await api.GetAsync($"/api/v1/flex/runs/{runId}/stream?after=0", HttpCompletionOption.ResponseHeadersRead);
        var all = await SseFrames.ReadUntilCompleteAsync(replay);
        all.Select(f => f.Seq).ShouldBe(Enumerable.Range(1, (int)rest[^1].Seq).Select(i => (long)i));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_replays_the_run_and_a_different_body_conflicts()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var key = $"idem-{Guid.NewGuid():n}";
        var body = FlexApiClient.Sample("envelope-social-post.json");
        using var first = await api.StartRunAsync(body, key);
        var firstFrames = await SseFrames.ReadUntilCompleteAsync(first);
        using var second = await api.StartRunAsync(body, key);
        var secondFrames = await SseFrames.ReadUntilCompleteAsync(second);

        second.Headers.GetValues("X-Flex-Run-Id").Single().ShouldBe(first.Headers.GetValues("X-Flex-Run-Id").Single());
        secondFrames.Select(f => f.Seq).ShouldBe(firstFrames.Select(f => f.Seq));

        var other = FlexApiClient.SampleObject("envelope-social-post.json");
        other["objective"] = "A different objective";
        using var conflict = await api.StartRunAsync(other.ToJsonString(), key);
        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await conflict.Content.ReadAsStringAsync()).ShouldContain(key);
    }

    [Fact]
    public async Task Unknown_runs_answer_404_problem_details()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var missing = Guid.NewGuid();
        (await api.GetAsync($"/api/v1/flex/runs/{missing}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var stream = await api.GetAsync($"/api/v1/flex/runs/{missing}/stream");
        stream.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        stream.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
