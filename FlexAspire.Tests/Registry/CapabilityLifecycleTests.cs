namespace FlexAspire.Tests.Registry;

[Collection(StackCollection.Name)]
public sealed class CapabilityLifecycleTests(FlexStackFixture stack)
{
    [Fact]
    public async Task Register_list_get_reregister_and_delete_keep_one_row_per_id_and_version()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var id = RegistryTestData.NewCapabilityId();

        var first = await registry.RegisterAsync(RegistryTestData.ValidRegistration(id));
        first.Ok.ShouldBeTrue();
        first.Record.Status.ShouldBe(CapabilityStatus.Active);
        first.Record.InputFacets.ShouldBe(["company_information", "creative_brief"]);
        first.Record.OutputFacets.ShouldBe(["post_copy"]);
        first.Registry.Count.ShouldBeGreaterThanOrEqualTo(1);
        first.Registry.Active.ShouldBeGreaterThanOrEqualTo(1);

        (await registry.ListAsync("active")).ShouldContain(c => c.CapabilityId == id);
        var detail = (await registry.GetCapabilityAsync(id)).ShouldNotBeNull();
        detail["versions"]!.AsArray().Count.ShouldBe(1);

        var second = await registry.RegisterAsync(RegistryTestData.ValidRegistration(id));
        second.Record.LastSeenAt.ShouldBeGreaterThan(first.Record.LastSeenAt);
        second.Record.RegisteredAt.ShouldBe(first.Record.RegisteredAt);
        (await stack.RowsAsync(id)).Count.ShouldBe(1);

        using (var deleted = await registry.DeleteCapabilityAsync(id))
            deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await registry.GetCapabilityAsync(id)).ShouldBeNull();
        (await stack.RowsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_newer_version_supersedes_the_older_one_for_active_listing_while_both_stay_readable()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        // 1.10.0 is newer than 1.9.0: versions compare as numbers, not as text.
        var id = await registry.RegisterVersionsAsync("1.10.0", "1.9.0", "2.0.0-beta.1");

        (await registry.ListAsync("active")).Where(c => c.CapabilityId == id).Select(c => c.Version)
            .ShouldBe(["2.0.0-beta.1"]);
        (await registry.ListAsync("all")).Count(c => c.CapabilityId == id).ShouldBe(3);

        var detail = (await registry.GetCapabilityAsync(id)).ShouldNotBeNull();
        detail["current"]!["version"]!.GetValue<string>().ShouldBe("2.0.0-beta.1");
        detail["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>())
            .ShouldBe(["2.0.0-beta.1", "1.10.0", "1.9.0"]);

        // Deregistering only the newest version brings the next one back for planners.
        using (var deleted = await registry.DeleteCapabilityAsync(id, version: "2.0.0-beta.1"))
            deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await registry.ListAsync("active")).Single(c => c.CapabilityId == id).Version.ShouldBe("1.10.0");
    }

    [Fact]
    public async Task A_release_supersedes_its_own_prerelease()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var id = await registry.RegisterVersionsAsync("3.0.0", "3.0.0-rc.1");

        (await registry.ListAsync("active")).Single(c => c.CapabilityId == id).Version.ShouldBe("3.0.0");
    }

    [Fact]
    public async Task Facet_contracts_are_compiled_to_json_schema_at_registration()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var id = RegistryTestData.NewCapabilityId();
        await registry.RegisterAsync(RegistryTestData.ValidRegistration(id));

        await using var connection = new NpgsqlConnection(await stack.GetDatabaseConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT output_schema::text FROM flex_capabilities WHERE capability_id = $1", connection)
        {
            Parameters = { new() { Value = id } },
        };
        var schema = JsonNode.Parse((string)(await command.ExecuteScalarAsync())!)!;
        schema["type"]!.GetValue<string>().ShouldBe("object");
        schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["post_copy"]);
        schema["properties"]!["post_copy"]!["type"]!.GetValue<string>().ShouldBe("string");
    }

    [Fact]
    public async Task A_human_capability_may_consume_output_facets_and_produce_input_facets()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var registration = RegistryTestData.ValidRegistration(RegistryTestData.NewCapabilityId("human"));
        registration["agentType"] = "human";
        registration["inputContract"]!["facets"] = new JsonArray("clarification_request");
        registration["outputContract"]!["facets"] = new JsonArray("clarification_response");

        var answer = await registry.RegisterAsync(registration);

        answer.Record.InputFacets.ShouldBe(["clarification_request"]);
        answer.Record.OutputFacets.ShouldBe(["clarification_response"]);
    }

    [Fact]
    public async Task The_facets_endpoint_serves_the_catalog_with_each_facets_schema()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var facets = JsonNode.Parse(await registry.GetStringAsync("/api/v1/flex/facets"))!.AsArray();

        facets.Count.ShouldBe(17);
        facets.ShouldAllBe(f => f!["schema"] is JsonObject && f["direction"] != null);
        facets.Select(f => f!["name"]!.GetValue<string>()).ShouldContain("positioning_recommendation");
    }

    [Fact]
    public async Task An_unknown_status_filter_is_a_validation_problem_naming_status()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        using var response = await registry.GetAsync($"{RegistryTestData.CapabilitiesPath}?status=sleeping");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["errors"]!["status"]![0]!.GetValue<string>().ShouldContain("sleeping");
    }
}
