namespace FlexAspire.Tests.Registry;

[Collection(StackCollection.Name)]
public sealed class HeartbeatTests(FlexStackFixture stack)
{
    [Fact]
    public async Task A_lapsed_heartbeat_makes_a_capability_inactive_and_reregistering_makes_it_active_again()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var (beating, forever) = await registry.RegisterLapsingAndKeptAsync();

        await Eventually.ShouldBecomeTrueAsync(
            async () => (await registry.ListAsync("inactive")).Any(c => c.CapabilityId == beating),
            RegistryTestData.LapseTimeout, $"{beating} should become inactive once its heartbeat lapses");
        (await registry.ListAsync("active")).ShouldNotContain(c => c.CapabilityId == beating);
        // A capability without a heartbeat survives the same sweeps.
        (await registry.ListAsync("active")).ShouldContain(c => c.CapabilityId == forever);

        var again = await registry.RegisterAsync(RegistryTestData.ValidRegistration(beating, heartbeatSeconds: 1));
        again.Record.Status.ShouldBe(CapabilityStatus.Active);
        (await registry.ListAsync("active")).ShouldContain(c => c.CapabilityId == beating);
        (await stack.RowsAsync(beating)).Count.ShouldBe(1);
    }
}
