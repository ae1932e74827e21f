using System.Text.RegularExpressions;

namespace FlexAspire.Tests.Foundation;

/// Each service serves its OpenAPI document and the Scalar reference (Development, as under the AppHost), the
/// documents list every route, and FlexAspire.http has a request for each of them.
[Collection(StackCollection.Name)]
public sealed partial class OpenApiDocumentTests(FlexStackFixture stack)
{
    public static TheoryData<string, string[]> ServiceRoutes() => new()
    {
        {
            ResourceNames.Api,
            [
                "POST /api/v1/flex/run.stream", "GET /api/v1/flex/runs/{runId}/stream", "GET /api/v1/flex/runs/{runId}",
                "GET /api/v1/flex/runs", "POST /api/v1/flex/runs/{runId}/cancel", "POST /api/v1/flex/run.resume",
                "GET /api/v1/flex/tasks", "POST /api/v1/flex/tasks/{taskId}/decline", "GET /api/v1/flex/hitl/pending",
                "POST /api/v1/flex/capabilities/register", "GET /api/v1/flex/contracts", "GET /api/v1/flex/contracts/{name}",
                "GET /api/v1/flex/cluster",
            ]
        },
        {
            ResourceNames.Registry,
            [
                "POST /api/v1/flex/capabilities/register", "GET /api/v1/flex/capabilities", "GET /api/v1/flex/capabilities/generation",
                "GET /api/v1/flex/capabilities/{id}", "DELETE /api/v1/flex/capabilities/{id}", "GET /api/v1/flex/facets",
            ]
        },
        { ResourceNames.Planner, ["POST /api/v1/plans"] },
    };

    [Theory]
    [MemberData(nameof(ServiceRoutes))]
    public async Task The_service_serves_an_OpenAPI_document_listing_exactly_its_routes(string service, string[] routes)
    {
        var operations = await OperationsAsync(service);
        operations.Keys.Order().ShouldBe(routes.Order());
        operations.Where(o => !o.Value.TryGetProperty("operationId", out _)).Select(o => o.Key)
            .ShouldBeEmpty("every route has a name (WithName), which generated clients use");
    }

    [Theory]
    [InlineData(ResourceNames.Api)]
    [InlineData(ResourceNames.Registry)]
    [InlineData(ResourceNames.Planner)]
    public async Task The_service_serves_the_Scalar_reference_page_without_a_key(string service)
    {
        using var client = stack.CreateAnonymousClient(service);
        using var response = await client.GetAsync("/scalar/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("Scalar API Reference");
        page.ShouldContain("\"url\":\"openapi/v1.json\"");
    }

    [Fact]
    public async Task The_API_document_describes_the_envelope_body_the_event_stream_and_the_bearer_key()
    {
        var operations = await OperationsAsync(ResourceNames.Api);
        var start = operations["POST /api/v1/flex/run.stream"];
        start.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _).ShouldBeTrue();
        start.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _).ShouldBeTrue();
        start.GetProperty("responses").TryGetProperty("400", out _).ShouldBeTrue();
        start.GetProperty("security")[0].TryGetProperty("bearer", out _).ShouldBeTrue();
        operations["GET /api/v1/flex/runs"].GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).ShouldBe(["status", "limit", "cursor"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_http_file_has_a_request_for_every_documented_route()
    {
        var requests = HttpFileRequest().Matches(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "FlexAspire.http")))
            .Select(m => $"{m.Groups["method"].Value} {Placeholder().Replace(m.Groups["path"].Value.Split('?')[0].TrimEnd('/'), "{}")}")
            .ToHashSet();
        var missing = new List<string>();
        foreach (var service in (string[])[ResourceNames.Api, ResourceNames.Registry, ResourceNames.Planner])
        {
            foreach (var route in (await OperationsAsync(service)).Keys)
            {
                var normalised = Placeholder().Replace(route, "{}");
                if (!requests.Contains(normalised)) missing.Add($"{service}: {route}");
            }
        }
        missing.ShouldBeEmpty();
    }

    private async Task<Dictionary<string, JsonElement>> OperationsAsync(string service)
    {
        using var client = stack.CreateAnonymousClient(service);
        using var response = await client.GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        document.RootElement.GetProperty("openapi").GetString().ShouldStartWith("3.");
        var operations = new Dictionary<string, JsonElement>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations[$"{operation.Name.ToUpperInvariant()} {path.Name.TrimEnd('/')}"] = operation.Value.Clone();
            }
        }
        return operations;
    }

    // "POST {{api}}/api/v1/flex/run.stream" → method and path; variables such as {{runId}} count as placeholders.
    [GeneratedRegex(@"^(?<method>GET|POST|PUT|PATCH|DELETE) \{\{\w+\}\}(?<path>/\S*)", RegexOptions.Multiline)]
    private static partial Regex HttpFileRequest();

    [GeneratedRegex(@"\{\{?\w*\}\}?")]
    private static partial Regex Placeholder();
}
