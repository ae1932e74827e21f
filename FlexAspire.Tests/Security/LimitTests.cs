namespace FlexAspire.Tests.Security;

/// Each Flex:Limits bound breached through run.stream: the documented status, problem details naming the limit,
/// and no run row.
[Collection(StackCollection.Name)]
public sealed class LimitTests(FlexStackFixture stack)
{
    public static TheoryData<string, int, string> Breaches()
    {
        var data = new TheoryData<string, int, string>();
        void Add(Action<JsonObject> mutate, int status, string limit)
        {
            var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
            mutate(envelope);
            data.Add(envelope.ToJsonString(), status, limit);
        }
        Add(e => e["constraints"]!["nested"] = Nest(40), 422, "MaxEnvelopeDepth");
        Add(e => e["constraints"]!["many"] = new JsonArray(Enumerable.Range(0, 25_000).Select(i => (JsonNode)i).ToArray()), 422, "MaxEnvelopeValues");
        Add(e => e["outputContract"] = SchemaContract(new JsonObject
        {
            ["type"] = "object",
            ["description"] = new string('d', 70 * 1024),
        }), 422, "MaxSchemaBytes");
        Add(e => e["outputContract"] = SchemaContract(RefChain(12)), 422, "MaxSchemaRefDepth");
        Add(e => e["policies"]!["runtime"] = new JsonArray(Enumerable.Range(0, 40).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"p{i}", ["enabled"] = true,
            ["trigger"] = new JsonObject { ["kind"] = "onStart" }, ["action"] = new JsonObject { ["type"] = "emit" },
        }).ToArray()), 422, "MaxRuntimePolicies");
        Add(e => e["constraints"]!["padding"] = new string('p', 1_200_000), 413, "MaxRequestBodyBytes");
        return data;
    }

    [Theory]
    [MemberData(nameof(Breaches))]
    public async Task A_breached_limit_is_a_problem_naming_it_and_nothing_is_persisted(string body, int status, string limit)
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var before = await CountRunsAsync();

        using var response = await api.StartRunAsync(body);

        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["limit"]!.GetValue<string>().ShouldBe(limit);
        problem["detail"]!.GetValue<string>().ShouldContain($"Flex:Limits:{limit}");
        (await CountRunsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_envelope_within_every_limit_still_starts_a_run()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope["outputContract"] = SchemaContract(RefChain(3));

        using var response = await api.StartRunAsync(envelope.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await ReadIfProblemAsync(response));
    }

    private static async Task<string> ReadIfProblemAsync(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync();

    private static JsonNode Nest(int depth)
    {
        JsonNode node = new JsonObject { ["leaf"] = true };
        for (var i = 0; i < depth; i++)
            node = new JsonObject { ["n"] = node };
        return node;
    }

    /// `#/$defs/d0` → d1 → … → d{length-1}, a string: `length` indirections.
    internal static JsonObject RefChain(int length)
    {
        var defs = new JsonObject();
        for (var i = 0; i < length; i++)
        {
            defs[$"d{i}"] = i == length - 1
                ? new JsonObject { ["type"] = "string" }
                : new JsonObject { ["$ref"] = $"#/$defs/d{i + 1}" };
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["text"] = new JsonObject { ["$ref"] = "#/$defs/d0" } },
            ["required"] = new JsonArray("text"),
            ["$defs"] = defs,
        };
    }

    private static JsonObject SchemaContract(JsonObject schema) => new() { ["mode"] = "json_schema", ["schema"] = schema };

    private async Task<long> CountRunsAsync()
    {
        await using var connection = new NpgsqlConnection(await stack.GetDatabaseConnectionStringAsync());
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM flex_runs", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
