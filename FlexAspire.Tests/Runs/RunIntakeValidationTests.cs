using System.Net;
using System.Text.Json.Nodes;
using FlexAspire.Contracts;
using FlexAspire.Tests.Infrastructure;
using Npgsql;

namespace FlexAspire.Tests.Runs;

/// Every bad envelope is refused before the stream opens, with problem details naming the problem, and no run row.
[Collection(StackCollection.Name)]
public sealed class RunIntakeValidationTests(FlexStackFixture stack)
{
    public static TheoryData<string, int, string> BadEnvelopes()
    {
        var data = new TheoryData<string, int, string>();
        void Add(string name, Action<JsonObject> mutate, int status, string expected)
        {
            var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
            mutate(envelope);
            data.Add(envelope.ToJsonString(), status, expected);
        }
        Add("missing objective", e => e.Remove("objective"), 400, "objective");
        Add("empty objective", e => e["objective"] = "  ", 400, "objective");
        Add("objective too long", e => e["objective"] = new string('x', 8001), 400, "objective");
        Add("objective wrong type", e => e["objective"] = 42, 400, "objective");
        Add("missing contract", e => e.Remove("outputContract"), 400, "outputContract");
        Add("unknown contract mode", e => e["outputContract"] = new JsonObject { ["mode"] = "yaml" }, 400, "mode");
        Add("empty facets list", e => e["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray() }, 400, "facets");
        Add("duplicated facet", e => e["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("post", "post") }, 400, "post");
        Add("unknown contract facet", e => e["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("banana") }, 400, "banana");
        Add("invalid caller schema", e => e["outputContract"] = new JsonObject { ["mode"] = "json_schema", ["schema"] = new JsonObject { ["type"] = "strnig" } }, 400, "type");
        Add("unknown input facet", e => e["inputs"]!["unknown_facet"] = new JsonObject(), 400, "unknown_facet");
        Add("input violating its facet schema", e => e["inputs"]!["post_context"]!["platform"] = "myspace", 400, "post_context");
        Add("unknown top-level field", e => e["surprise"] = true, 400, "surprise");
        Add("variantCount out of range", e => e["policies"]!["planner"]!["topology"]!["variantCount"] = 9, 400, "variantCount");
        Add("empty special instruction", e => e["specialInstructions"] = new JsonArray(""), 400, "specialInstructions");
        Add("inputs wrong type", e => e["inputs"] = "text", 400, "inputs");
        data.Add("{ not json", 400, "JSON");
        data.Add(new string(' ', 1) + "{\"objective\":\"" + new string('y', 1_100_000) + "\"}", 413, "bytes");
        return data;
    }

    [Theory]
    [MemberData(nameof(BadEnvelopes))]
    public async Task A_bad_envelope_is_refused_with_a_named_problem_and_writes_no_run(string body, int status, string expected)
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var before = await CountRunsAsync();

        using var response = await api.StartRunAsync(body);

        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(expected, Case.Insensitive);
        (await CountRunsAsync()).ShouldBe(before);
    }

    // Other tests create runs concurrently only within this collection, which runs its tests one at a time.
    private async Task<long> CountRunsAsync()
    {
        await using var connection = new NpgsqlConnection(await stack.GetDatabaseConnectionStringAsync());
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM flex_runs", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
