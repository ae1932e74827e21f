namespace FlexAspire.Tests.Planner;

/// The planner service inside the real AppHost, reading capabilities from the real registry.
[Collection(StackCollection.Name)]
public sealed class PlansApiStackTests(FlexStackFixture stack, ITestOutputHelper output)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("""{"phase":"initial"}""", "envelope")]
    [InlineData("""{"envelope":{"objective":"x","outputContract":{"mode":"facets","facets":["post"]}},"phase":"later"}""", "phase")]
    [InlineData("""{"envelope":{"objective":"x","outputContract":{"mode":"facets","facets":["post"]},"colour":1},"phase":"initial"}""", "envelope.colour")]
    [InlineData("""{"envelope":{"objective":"x","outputContract":{"mode":"facets","facets":["post"]}},"phase":"replan","graphState":{"completedNodes":[{}]}}""", "graphState.completedNodes[0].id")]
    [InlineData("""{"envelope":{"objective":"x","outputContract":{"mode":"facets","facets":["post"]},"policies":{"planner":{"topology":{"variantCount":7}}}},"phase":"initial"}""", "envelope.policies.planner.topology.variantCount")]
    public async Task A_malformed_plan_request_is_a_400_naming_the_field(string body, string field)
    {
        using var client = stack.CreateClient(ResourceNames.Planner);
        using var response = await client.PostAsync("/api/v1/plans", Json(body));

        await response.ShouldBeProblemNamingAsync(field);
    }

    [Fact]
    public async Task A_social_post_envelope_is_planned_or_rejected_naming_the_missing_facet()
    {
        var request = new PlanRequest
        {
            Phase = PlanPhase.Initial,
            RunId = $"stack-{Guid.NewGuid():n}",
            Envelope = PlannerFixtures.Envelope(PlannerFixtures.SocialInputs, PlannerFixtures.Facets("post")),
        };
        using var client = stack.CreateClient(ResourceNames.Planner);
        using var response = await client.PostAsync("/api/v1/plans",
            Json(JsonSerializer.Serialize(request, FlexJsonContext.Default.PlanRequest)));

        // 200 once the API has registered its built-in capabilities with the registry; 422 before.
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity);
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"planner answered {(int)response.StatusCode}: {text}");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var plan = JsonSerializer.Deserialize(text, FlexJsonContext.Default.PlanResponse)!.Plan;
            plan.RunId.ShouldBe(request.RunId);
            plan.Nodes.Select(n => n.Id).ShouldContain("director.SocialPostingReview");
        }
        else
        {
            var problem = JsonNode.Parse(text)!;
            problem["detail"]!.GetValue<string>().ShouldContain("`post");
            problem["diagnostics"]!.AsArray().ShouldContain(d => d!["facet"]!.GetValue<string>().StartsWith("post"));
        }
    }

    [Fact]
    public async Task A_facet_no_capability_produces_is_a_422_problem_with_diagnostics()
    {
        var request = new PlanRequest
        {
            Phase = PlanPhase.Initial,
            Envelope = PlannerFixtures.Envelope(PlannerFixtures.SocialInputs, PlannerFixtures.Facets("positioning_context")),
        };
        using var client = stack.CreateClient(ResourceNames.Planner);
        using var response = await client.PostAsync("/api/v1/plans",
            Json(JsonSerializer.Serialize(request, FlexJsonContext.Default.PlanRequest)));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["detail"]!.GetValue<string>().ShouldContain("no active capability produces facet `positioning_context`");
        var diagnostics = problem["diagnostics"].Deserialize(FlexJsonContext.Default.ListPlanDiagnostic)!;
        diagnostics.ShouldContain(d => d.Code == "no_producer" && d.Facet == "positioning_context");
        problem["attempts"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_replan_over_http_keeps_the_completed_node_and_bumps_the_version()
    {
        var body = new JsonObject
        {
            ["envelope"] = JsonSerializer.SerializeToNode(
                PlannerFixtures.Envelope(PlannerFixtures.SocialInputs, PlannerFixtures.Facets("post_copy")), FlexJsonContext.Default.TaskEnvelope),
            ["phase"] = "replan",
            ["graphState"] = JsonNode.Parse("""
                {"planVersion": 1, "completedNodes": [{"id": "strategist.SocialPosting", "capabilityId": "strategist.SocialPosting",
                 "outputs": {"creative_brief": {"angle": "a", "keyMessages": ["k"], "tone": "t", "audience": "d"}}}]}
                """),
        };
        using var client = stack.CreateClient(ResourceNames.Planner);
        using var response = await client.PostAsync("/api/v1/plans", Json(body.ToJsonString()));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var plan = (await response.Content.ReadFromJsonAsync(FlexJsonContext.Default.PlanResponse))!.Plan;
        plan.Version.ShouldBe(2);
        plan.Nodes.Single(n => n.Id == "strategist.SocialPosting").Status.ShouldBe(FlexAspire.Contracts.Runs.NodeStatus.Completed);
        plan.Edges.ShouldContain(e => e.From == "strategist.SocialPosting" && e.To == "copywriter.SocialpostDrafting");
    }
}
