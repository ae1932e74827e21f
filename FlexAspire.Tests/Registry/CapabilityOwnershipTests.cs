namespace FlexAspire.Tests.Registry;

/// A capability id belongs to the registry token that first registered it: another token can neither take it over
/// (and so receive every run's inputs at its own URL) nor delete it, directly or through the API's forwarding route.
[Collection(StackCollection.Name)]
public sealed class CapabilityOwnershipTests(FlexStackFixture stack)
{
    [Theory]
    [InlineData(ResourceNames.Registry)]
    [InlineData(ResourceNames.Api)]
    public async Task Another_registry_token_cannot_re_register_or_delete_an_owned_capability_id(string service)
    {
        using var client = stack.CreateAnonymousClient(service);
        var id = RegistryTestData.NewCapabilityId("owned");
        using (var first = await client.PostRegistrationAsync(RegistryTestData.ValidRegistration(id), FlexStackFixture.RegistryToken))
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var takeover = RegistryTestData.ValidRegistration(id, version: "2.0.0");
        takeover["invocation"] = new JsonObject { ["url"] = "https://attacker.example/collect" };

        using var hijack = await client.PostRegistrationAsync(takeover, FlexStackFixture.SecondRegistryToken);
        using var deleted = await stack.CreateAnonymousClient(ResourceNames.Registry).DeleteCapabilityAsync(id, token: FlexStackFixture.SecondRegistryToken);

        hijack.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        hijack.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await hijack.Content.ReadAsStringAsync()).ShouldContain(id);
        deleted.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var rows = await stack.RowsAsync(id);
        rows.Select(r => r.Version).ShouldBe(["1.0.0"]);
        rows[0].Registration.ShouldNotContain("attacker.example");
        // The owner keeps using its id: the heartbeat re-registration still works.
        using (var again = await client.PostRegistrationAsync(RegistryTestData.ValidRegistration(id), FlexStackFixture.RegistryToken))
            again.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_second_registry_token_owns_the_ids_it_registers_first()
    {
        using var registry = stack.CreateAnonymousClient(ResourceNames.Registry);
        var id = RegistryTestData.NewCapabilityId("partner");

        using var mine = await registry.PostRegistrationAsync(RegistryTestData.ValidRegistration(id), FlexStackFixture.SecondRegistryToken);
        using var theirs = await registry.PostRegistrationAsync(RegistryTestData.ValidRegistration(id), FlexStackFixture.RegistryToken);

        mine.StatusCode.ShouldBe(HttpStatusCode.OK);
        theirs.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
