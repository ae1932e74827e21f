namespace FlexAspire.Tests.Registry;

[Collection(StackCollection.Name)]
public sealed class MalformedRegistrationTests(FlexStackFixture stack)
{
    /// How a case breaks a valid registration of `id`, and what the registry must answer: the status, the field the
    /// problem is filed under (null for problems without field errors) and a fragment of the message.
    public sealed record Malformed(Func<string, HttpContent> Body, HttpStatusCode Status, string? Field, string Message);

    private static HttpContent Json(string id, Action<JsonObject> breakIt)
    {
        var registration = RegistryTestData.ValidRegistration(id);
        breakIt(registration);
        return JsonContent.Create(registration);
    }

    private static readonly Dictionary<string, Malformed> Cases = new()
    {
        ["missing outputContract"] = new(id => Json(id, r => r.Remove("outputContract")),
            HttpStatusCode.BadRequest, "$", "outputContract"),
        ["unknown kind"] = new(id => Json(id, r => r["kind"] = "wizardry"),
            HttpStatusCode.BadRequest, "kind", "one of: structuring, execution"),
        ["empty capabilityId"] = new(id => Json(id, r => r["capabilityId"] = ""),
            HttpStatusCode.BadRequest, "capabilityId", "area.Name"),
        ["capabilityId without area"] = new(id => Json(id, r => r["capabilityId"] = "NoArea"),
            HttpStatusCode.BadRequest, "capabilityId", "'NoArea'"),
        ["bad semver"] = new(id => Json(id, r => r["version"] = "1.0"),
            HttpStatusCode.BadRequest, "version", "'1.0' is not a semantic version"),
        ["assignment role longer than a task can store"] = new(id => Json(id, r => r["assignmentDefaults"] = new JsonObject { ["role"] = new string('r', 201), ["onDecline"] = "fail_run" }),
            HttpStatusCode.BadRequest, "assignmentDefaults.role", "200 characters"),
        ["duplicate key"] = new(id => new StringContent(RegistryTestData.ValidRegistration(id).ToJsonString().Replace("\"kind\":\"execution\"", "\"kind\":\"execution\",\"kind\":\"routing\""), Encoding.UTF8, "application/json"),
            HttpStatusCode.BadRequest, "kind", "more than once"),
        ["NUL in the summary"] = new(id => Json(id, r => r["summary"] = "Drafts\u0000 copy"),
            HttpStatusCode.BadRequest, "summary", "NUL"),
        ["unknown facet"] = new(id => Json(id, r => r["outputContract"]!["facets"] = new JsonArray("post_copy", "tweet_storm")),
            HttpStatusCode.BadRequest, "outputContract.facets[1]", "unknown facet 'tweet_storm'"),
        ["input-only facet as output"] = new(id => Json(id, r => r["outputContract"]!["facets"] = new JsonArray("post_context")),
            HttpStatusCode.BadRequest, "outputContract.facets[0]", "'post_context' is an input-only facet"),
        ["output-only facet as input"] = new(id => Json(id, r => r["inputContract"]!["facets"] = new JsonArray("positioning")),
            HttpStatusCode.BadRequest, "inputContract.facets[0]", "'positioning' is an output-only facet"),
        ["schema with invalid type"] = new(id => Json(id, r => r["outputContract"] = SchemaContract(
                new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["title"] = new JsonObject { ["type"] = "strng" } } })),
            HttpStatusCode.BadRequest, "outputContract.schema", "/properties/title/type"),
        ["schema with broken $ref"] = new(id => Json(id, r => r["outputContract"] = SchemaContract(
                new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["title"] = new JsonObject { ["$ref"] = "#/$defs/missing" } } })),
            HttpStatusCode.BadRequest, "outputContract.schema", "'/properties/title/$ref'"),
        ["unknown contract mode"] = new(id => Json(id, r => r["outputContract"]!["mode"] = "yaml"),
            HttpStatusCode.BadRequest, "outputContract", "yaml"),
        ["wrong JSON type"] = new(id => Json(id, r => r["displayName"] = 42),
            HttpStatusCode.BadRequest, "displayName", "wrong JSON type"),
        ["unknown field"] = new(id => Json(id, r => r["colour"] = "blue"),
            HttpStatusCode.BadRequest, "colour", "'colour'"),
        ["heartbeat interval of zero"] = new(id => Json(id, r => r["heartbeat"] = new JsonObject { ["intervalSeconds"] = 0 }),
            HttpStatusCode.BadRequest, "heartbeat.intervalSeconds", "at least 1"),
        ["relative invocation url"] = new(id => Json(id, r => r["invocation"] = new JsonObject { ["url"] = "/agents/run" }),
            HttpStatusCode.BadRequest, "invocation.url", "absolute"),
        ["not JSON"] = new(_ => new StringContent("{ \"capabilityId\": ", Encoding.UTF8, "application/json"),
            HttpStatusCode.BadRequest, "capabilityId", "should be closed"),
        ["not a JSON content type"] = new(id => new StringContent(RegistryTestData.ValidRegistration(id).ToJsonString(),
                Encoding.UTF8, "text/plain"),
            HttpStatusCode.UnsupportedMediaType, null, "application/json"),
        ["oversized payload"] = new(id => Json(id, r => r["metadata"] = new JsonObject { ["notes"] = new string('x', 300 * 1024) }),
            HttpStatusCode.RequestEntityTooLarge, null, "at most 262144 bytes"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    private static JsonObject SchemaContract(JsonObject schema) => new() { ["mode"] = "json_schema", ["schema"] = schema };

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_malformed_registration_is_refused_with_a_problem_naming_it_and_changes_nothing(string name)
    {
        var @case = Cases[name];
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var id = RegistryTestData.NewCapabilityId();
        // A valid version 1.0.0 exists first, so that "changes nothing" also covers overwriting a good record.
        await registry.RegisterAsync(RegistryTestData.ValidRegistration(id));
        var before = await stack.RowsAsync(id);

        using var response = await registry.SendAsync(RegistryTestData.RegistrationRequest(@case.Body(id)));

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(@case.Status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(body)!;
        var message = @case.Field is null
            ? problem["detail"]!.GetValue<string>()
            : string.Join(" | ", problem["errors"]?[@case.Field]?.AsArray().Select(m => m!.GetValue<string>()) ?? []);
        message.ShouldContain(@case.Message, Shouldly.Case.Insensitive, body);
        (await stack.RowsAsync(id)).ShouldBe(before);
    }
}
