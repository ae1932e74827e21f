namespace FlexAspire.Tests.Compatibility;

/// The existing system's GET tasks, GET runs/{id} and registration response shapes, served under `?view=awesomeposter`,
/// checked against the schemas ported from its routes; flex's own shapes stay the default.
[Collection(StackCollection.Name)]
public sealed class TsHumanTaskTests(FlexStackFixture stack)
{
    [Fact]
    public async Task Their_tasks_view_lists_a_pending_human_task_in_their_shape_and_their_resume_body_answers_it()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilCompleteAsync(HitlTestKit.HumanTaskEnvelope());
        var runId = frames.RunId();
        var taskId = frames[^1].SinglePending("task")["taskId"]!.GetValue<string>();

        var view = await api.GetJsonAsync($"/api/v1/flex/tasks?view=awesomeposter&status=awaiting_submission&runId={runId}");

        view.ShouldSatisfy(TsSchemas.TaskView, "GET tasks?view=awesomeposter");
        var task = view["tasks"]!.AsArray().ShouldHaveSingleItem()!;
        view["count"]!.GetValue<int>().ShouldBe(1);
        task["taskId"]!.GetValue<string>().ShouldBe(taskId);
        task["status"]!.GetValue<string>().ShouldBe("awaiting_submission");
        task["facets"]!["output"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["clarification_response"]);
        task["metadata"]!["currentInputs"]!["clarification_request"].ShouldNotBeNull();
        (await api.GetJsonAsync($"/api/v1/flex/tasks?runId={runId}")).ShouldBeOfType<JsonArray>("flex's own shape stays the default");

        var body = new JsonObject
        {
            ["runId"] = runId, ["correlationId"] = "cid-ts-task",
            ["operator"] = new JsonObject { ["id"] = "u-3", ["displayName"] = "Sam" },
            ["payload"] = new JsonObject { ["nodeId"] = task["nodeId"]!.GetValue<string>(), ["output"] = HitlTestKit.ValidAnswer(), ["submittedAt"] = "2025-11-01T10:00:00Z" },
        };
        body.ShouldSatisfy(TsSchemas.ResumeBody, "their resume body");
        var continued = await api.ResumeUntilCompleteAsync(body);

        continued[^1].Status().ShouldBe("completed", continued[^1].Data.ToJsonString());
        var after = await api.GetJsonAsync($"/api/v1/flex/tasks?view=awesomeposter&status=awaiting_submission&runId={runId}");
        after["count"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Their_run_view_shows_a_completed_run_with_its_output_plan_and_nodes()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilCompleteAsync(TsEnvelopes.Load(TsEnvelopes.MarketingRun));
        var runId = frames.RunId();

        var view = await api.GetJsonAsync($"/api/v1/flex/runs/{runId}?view=awesomeposter");

        view.ShouldSatisfy(TsSchemas.RunView, "GET runs/{id}?view=awesomeposter");
        view["run"]!["runId"]!.GetValue<string>().ShouldBe(runId);
        view["run"]!["status"]!.GetValue<string>().ShouldBe("completed");
        view["run"]!["metadata"]!["correlationId"]!.GetValue<string>().ShouldBe("cid-ts-marketing");
        view["output"]!["output"]!["post"]!["copy"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        view["nodes"]!.AsArray().ShouldAllBe(n => n!["status"]!.GetValue<string>() == "completed" && n["label"] != null);
        view["latestSnapshot"]!["snapshot"]!["nodes"]!.AsArray().Count.ShouldBe(view["nodes"]!.AsArray().Count);
        (await api.GetJsonAsync($"/api/v1/flex/runs/{runId}"))["lastSeq"].ShouldNotBeNull("flex's own shape stays the default");
    }

    [Fact]
    public async Task An_unknown_view_is_a_400_naming_view()
    {
        using var api = stack.CreateClient(ResourceNames.Api);

        using var response = await api.GetAsync($"/api/v1/flex/tasks?view=legacy");

        await response.ShouldBeProblemNamingAsync("view");
    }

    [Fact]
    public async Task Their_registration_without_agentType_or_kind_registers_as_an_ai_execution_capability_and_their_view_lists_the_active_records()
    {
        var id = RegistryTestData.NewCapabilityId();
        var registration = new JsonObject
        {
            ["capabilityId"] = id, ["version"] = "1.0.0", ["displayName"] = "Copywriter – Social Drafting",
            ["summary"] = "Produces social post copy variants.",
            ["inputTraits"] = new JsonObject { ["languages"] = new JsonArray("en") },
            ["inputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("creative_brief") },
            ["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("post_copy") },
            ["cost"] = new JsonObject { ["tier"] = "standard", ["estimatedTokens"] = 1400, ["pricePer1kTokens"] = 0.012, ["currency"] = "USD" },
            ["heartbeat"] = new JsonObject { ["intervalSeconds"] = 900, ["timeoutSeconds"] = 2400 },
            ["metadata"] = new JsonObject { ["catalogTags"] = new JsonArray("marketing-agency", "sandbox") },
        };
        registration.ShouldSatisfy(TsSchemas.Registration, "their registration");
        using var api = stack.CreateClient(ResourceNames.Api);
        using var request = RegistryTestData.RegistrationRequest(JsonContent.Create(registration));
        request.RequestUri = new Uri($"{request.RequestUri}?view=awesomeposter", UriKind.Relative);

        using var response = await api.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        answer.ShouldSatisfy(TsSchemas.RegistrationResponse, "register?view=awesomeposter");
        answer["record"]!["agentType"]!.GetValue<string>().ShouldBe("ai");
        answer["record"]!["kind"]!.GetValue<string>().ShouldBe("execution");
        answer["registry"]!["active"]!.AsArray().ShouldContain(r => r!["capabilityId"]!.GetValue<string>() == id);
        answer["registry"]!["count"]!.GetValue<int>().ShouldBe(answer["registry"]!["active"]!.AsArray().Count);
        using var registry = stack.CreateClient(ResourceNames.Registry);
        registry.DefaultRequestHeaders.Authorization = new("Bearer", FlexStackFixture.RegistryToken);
        (await registry.DeleteAsync($"{RegistryTestData.CapabilitiesPath}/{id}")).EnsureSuccessStatusCode();
    }
}
