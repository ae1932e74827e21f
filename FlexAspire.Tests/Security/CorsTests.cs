namespace FlexAspire.Tests.Security;

/// CORS from the Flex:Cors:Origins allowlist, answered before authentication, and x-correlation-id echoed.
[Collection(StackCollection.Name)]
public sealed class CorsTests(FlexStackFixture stack)
{
    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_without_a_key()
    {
        using var api = stack.CreateAnonymousClient(ResourceNames.Api);

        using var response = await api.SendAsync(Preflight(FlexStackFixture.AllowedOrigin));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe(FlexStackFixture.AllowedOrigin);
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        allowed.ShouldContain("authorization");
        allowed.ShouldContain("x-correlation-id");
        allowed.ShouldContain("last-event-id");
        string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")).ShouldContain("POST");
    }

    [Fact]
    public async Task A_preflight_from_another_origin_gets_no_cors_headers()
    {
        using var api = stack.CreateAnonymousClient(ResourceNames.Api);

        using var response = await api.SendAsync(Preflight("http://evil.example"));

        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task A_401_still_carries_cors_headers_and_the_correlation_id()
    {
        using var api = stack.CreateAnonymousClient(ResourceNames.Api);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/flex/runs");
        request.Headers.Add("Origin", FlexStackFixture.AllowedOrigin);
        request.Headers.Add("x-correlation-id", "corr-cors-401");

        using var response = await api.SendAsync(request);

        await ApiAuthenticationTests.ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, "API key");
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe(FlexStackFixture.AllowedOrigin);
        string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")).ShouldContain("x-correlation-id");
        response.Headers.GetValues("x-correlation-id").Single().ShouldBe("corr-cors-401");
    }

    [Fact]
    public async Task The_correlation_id_is_echoed_on_an_authenticated_answer()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/flex/runs?limit=1");
        request.Headers.Add("x-correlation-id", "corr-echo-1");

        using var response = await api.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("x-correlation-id").Single().ShouldBe("corr-echo-1");
    }

    [Fact]
    public async Task A_malformed_correlation_id_is_a_400_problem()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/flex/runs");
        request.Headers.TryAddWithoutValidation("x-correlation-id", new string('c', 129));

        using var response = await api.SendAsync(request);

        await ApiAuthenticationTests.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "x-correlation-id");
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/flex/run.stream");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-correlation-id,last-event-id");
        return request;
    }
}
