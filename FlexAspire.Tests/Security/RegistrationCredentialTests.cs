namespace FlexAspire.Tests.Security;

/// Capability registration takes the registry's token, never an API key; the API forwards Authorization unchanged.
[Collection(StackCollection.Name)]
public sealed class RegistrationCredentialTests(FlexStackFixture stack)
{
    [Theory]
    [InlineData(ResourceNames.Api)]
    [InlineData(ResourceNames.Registry)]
    public async Task Registration_with_an_api_key_instead_of_the_registry_token_is_403(string service)
    {
        using var client = stack.CreateAnonymousClient(service);
        var id = RegistryTestData.NewCapabilityId("security");

        using var response = await client.PostRegistrationAsync(RegistryTestData.ValidRegistration(id), FlexStackFixture.ApiKey);

        await ApiAuthenticationTests.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden, "token");
        (await stack.RowsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_api_client_with_its_key_still_registers_with_the_registry_token()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var id = RegistryTestData.NewCapabilityId("security");

        var answer = await api.RegisterAsync(RegistryTestData.ValidRegistration(id));

        answer.Record.CapabilityId.ShouldBe(id);
    }
}
