namespace FlexAspire.Tests.Registry;

/// The API answers the registration path too (forwarded to the registry), so external agents need one base URL.
/// The API's 401/403 pass-through is covered by RegistrationAuthTests.
[Collection(StackCollection.Name)]
public sealed class RegistrationForwardingTests(FlexStackFixture stack)
{
    [Fact]
    public async Task The_api_forwards_a_registration_to_the_registry_and_passes_its_answer_back()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var id = RegistryTestData.NewCapabilityId("external");

        var answer = await api.RegisterAsync(RegistryTestData.ValidRegistration(id));

        answer.Record.CapabilityId.ShouldBe(id);
        (await registry.GetCapabilityAsync(id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task The_registrys_validation_problem_comes_back_through_the_api()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var registration = RegistryTestData.ValidRegistration(RegistryTestData.NewCapabilityId("external"));
        registration["version"] = "one";

        using var response = await api.PostRegistrationAsync(registration);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["errors"]!["version"]![0]!.GetValue<string>().ShouldContain("'one'");
    }

    [Fact]
    public async Task An_oversized_registration_sent_to_the_api_is_refused_with_a_413_problem()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var registration = RegistryTestData.ValidRegistration(RegistryTestData.NewCapabilityId("external"));
        registration["metadata"] = new JsonObject { ["notes"] = new string('x', 300 * 1024) };

        using var response = await api.PostRegistrationAsync(registration);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }
}
