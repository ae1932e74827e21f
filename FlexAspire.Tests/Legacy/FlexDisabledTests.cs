namespace FlexAspire.Tests.Legacy;

/// With the flex flag off, every flex route is a 404 and the legacy server works exactly as before.
[Collection(StackCollection.Name)]
public sealed class FlexDisabledTests(FlexDisabledStackFixture stack)
{
    [Theory]
    [InlineData("POST", "/api/v1/flex/run.stream")]
    [InlineData("GET", "/api/v1/flex/runs")]
    [InlineData("GET", "/api/v1/flex/runs/00000000-0000-0000-0000-000000000001")]
    [InlineData("GET", "/api/v1/flex/contracts/TaskEnvelope")]
    [InlineData("POST", "/api/v1/flex/capabilities/register")]
    public async Task Every_flex_route_answers_404_when_the_flag_is_off(string method, string path)
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(FlexApiClient.Sample("envelope-social-post.json"), System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await api.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_legacy_server_streams_and_lists_its_agents_as_usual()
    {
        using var legacy = stack.CreateClient(ResourceNames.LegacyAgents);
        var agents = JsonNode.Parse(await legacy.GetStringAsync("/api/v1/agent/agents"))!;
        agents.ToJsonString().ShouldContain("legacy.Generation");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agent/run.stream")
        {
            Content = JsonContent.Create(new JsonObject { ["mode"] = "create_post", ["objective"] = "Flag-off legacy post" }),
        };
        using var response = await legacy.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var frames = await SseFrames.ReadUntilCompleteAsync(response, TimeSpan.FromMinutes(1));
        frames[0].Type.ShouldBe("start");
        frames.Select(f => f.Type).ShouldContain("handoff");
        frames[^1].Type.ShouldBe("complete");
        frames.Select(f => long.Parse(f.Id!)).ShouldBe(Enumerable.Range(1, frames.Count).Select(i => (long)i));
    }
}
