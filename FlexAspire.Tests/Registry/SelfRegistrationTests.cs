namespace FlexAspire.Tests.Registry;

[Collection(StackCollection.Name)]
public sealed class SelfRegistrationTests(FlexStackFixture stack)
{
    [Fact]
    public async Task After_start_up_the_apis_built_in_capabilities_are_active_in_the_registry()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var builtIn = new HostedCapabilityCatalog().Registrations;
        builtIn.ShouldNotBeEmpty();
        List<CapabilityRecord> active = [];

        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            active = await registry.ListAsync("active");
            return builtIn.All(b => active.Any(a => a.CapabilityId == b.CapabilityId));
        }, TimeSpan.FromSeconds(60), "every built-in capability should be registered and active");

        foreach (var capability in builtIn)
        {
            var record = active.Single(a => a.CapabilityId == capability.CapabilityId);
            record.Version.ShouldBe(capability.Version);
            record.Invocation.ShouldBeNull("built-in capabilities are hosted by the API, not called over HTTP");
        }
    }
}
