namespace FlexAspire.Tests.Security;

/// Every /api/v1/flex route needs the bearer API key: none → 401, a wrong one → 403, both problem details.
[Collection(StackCollection.Name)]
public sealed class ApiAuthenticationTests(FlexStackFixture stack)
{
    private static readonly string UnknownRun = Guid.NewGuid().ToString();

    /// Every flex route the API serves (docs/design.md) (HITL ones included), plus a path no route matches.
    public static TheoryData<string, string> FlexRoutes() => new()
    {
        { "POST", "/api/v1/flex/run.stream" },
        { "GET", $"/api/v1/flex/runs/{UnknownRun}/stream" },
        { "GET", $"/api/v1/flex/runs/{UnknownRun}" },
        { "GET", "/api/v1/flex/runs" },
        { "POST", $"/api/v1/flex/runs/{UnknownRun}/cancel" },
        { "POST", "/api/v1/flex/run.resume" },
        { "GET", "/api/v1/flex/tasks" },
        { "POST", $"/api/v1/flex/tasks/{UnknownRun}/decline" },
        { "GET", "/api/v1/flex/hitl/pending" },
        { "GET", "/api/v1/flex/contracts" },
        { "GET", "/api/v1/flex/contracts/TaskEnvelope" },
        { "GET", "/api/v1/flex/no-such-route" },
    };

    [Theory]
    [MemberData(nameof(FlexRoutes))]
    public async Task A_flex_route_without_a_key_is_401_problem_details(string method, string path)
    {
        using var api = stack.CreateAnonymousClient(ResourceNames.Api);

        using var response = await api.SendAsync(Request(method, path));

        await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, "API key is required");
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Theory]
    [MemberData(nameof(FlexRoutes))]
    public async Task A_flex_route_with_a_wrong_key_is_403_problem_details(string method, string path)
    {
        using var api = stack.CreateAnonymousClient(ResourceNames.Api);
        var request = Request(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FlexStackFixture.ApiKey + "x");

        using var response = await api.SendAsync(request);

        await ShouldBeProblemAsync(response, HttpStatusCode.Forbidden, "not valid");
    }

    [Theory]
    [MemberData(nameof(FlexRoutes))]
    public async Task A_flex_route_with_the_key_is_served(string method, string path)
    {
        using var api = stack.CreateClient(ResourceNames.Api);

        using var response = await api.SendAsync(Request(method, path));

        response.StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized);
        response.StatusCode.ShouldNotBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Health_endpoints_stay_open()
    {
        using var api = stack.CreateAnonymousClient(ResourceNames.Api);

        (await api.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetAsync("/alive")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    // Bodies that cannot start a run: `{}` is an invalid envelope (400), so the right key persists nothing.
    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
    };

    internal static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["status"]!.GetValue<int>().ShouldBe((int)status);
        problem["detail"]!.GetValue<string>().ShouldContain(detail);
    }
}
