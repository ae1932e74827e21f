namespace FlexAspire.Tests.Infrastructure;

/// RFC 9457 problem details as a client reads them.
public static class Problems
{
    /// The response's body, which must be `application/problem+json`.
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// The response is a problem with `status` (400 unless told) whose `errors` name `field`.
    public static async Task ShouldBeProblemNamingAsync(this HttpResponseMessage response, string field,
        HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        response.StatusCode.ShouldBe(status);
        var problem = await response.ProblemAsync();
        problem["errors"]?[field].ShouldNotBeNull(problem.ToJsonString());
    }
}
