namespace FlexAspire.Tests.Registry;

[Collection(StackCollection.Name)]
public sealed class ConcurrentRegistrationTests(FlexStackFixture stack)
{
    [Fact]
    public async Task Fifty_concurrent_registrations_of_one_capability_all_succeed_and_leave_one_record()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var id = RegistryTestData.NewCapabilityId();
        var registration = RegistryTestData.ValidRegistration(id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => registry.PostRegistrationAsync(registration.DeepClone())));

        responses.Select(r => r.StatusCode).ShouldAllBe(status => status == HttpStatusCode.OK);
        (await stack.RowsAsync(id)).Count.ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
