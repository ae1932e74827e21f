namespace FlexAspire.Tests.Registry;

[Collection(StackCollection.Name)]
public sealed class RegistrationAuthTests(FlexStackFixture stack)
{
    [Theory]
    [InlineData(ResourceNames.Registry, null, HttpStatusCode.Unauthorized)]
    [InlineData(ResourceNames.Registry, "not-the-token", HttpStatusCode.Forbidden)]
    [InlineData(ResourceNames.Api, null, HttpStatusCode.Unauthorized)]
    [InlineData(ResourceNames.Api, "not-the-token", HttpStatusCode.Forbidden)]
    public async Task Registration_without_the_registry_token_is_refused_with_problem_details(
        string service, string? token, HttpStatusCode expected)
    {
        // No API key either: on the API, registration is authenticated by the registry token alone.
        using var client = stack.CreateAnonymousClient(service);
        var id = RegistryTestData.NewCapabilityId();

        using var response = await client.PostRegistrationAsync(RegistryTestData.ValidRegistration(id), token);

        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["status"]!.GetValue<int>().ShouldBe((int)expected);
        problem["detail"]!.GetValue<string>().ShouldContain("token");
        (await stack.RowsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Deregistration_needs_the_token_but_reads_do_not()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var id = RegistryTestData.NewCapabilityId();
        await registry.RegisterAsync(RegistryTestData.ValidRegistration(id));

        (await registry.DeleteAsync($"{RegistryTestData.CapabilitiesPath}/{id}")).StatusCode
            .ShouldBe(HttpStatusCode.Unauthorized);
        (await registry.GetAsync($"{RegistryTestData.CapabilitiesPath}/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await registry.GetAsync("/api/v1/flex/facets")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stack.RowsAsync(id)).Count.ShouldBe(1);
    }
}
