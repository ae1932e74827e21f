namespace FlexAspire.Tests.Planner;

/// The planner caches the registry per generation; these prove a change still reaches planning within a second.
[Collection(StackCollection.Name)]
public sealed class RegistryFreshnessTests(FlexStackFixture stack)
{
    private static readonly TimeSpan Visible = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_new_registration_is_planned_within_one_second()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        using var planner = stack.CreateClient(ResourceNames.Planner);
        var id = RegistryTestData.NewCapabilityId();
        (await PlansWithAsync(planner, id)).ShouldBeFalse();

        await registry.RegisterAsync(RegistryTestData.ValidRegistration(id));
        var registered = Stopwatch.StartNew();
        while (!await PlansWithAsync(planner, id))
        {
            registered.Elapsed.ShouldBeLessThan(Visible, $"{id} was registered but not planned within {Visible}");
            await Task.Delay(25);
        }
        registered.Elapsed.ShouldBeLessThan(Visible);
        (await registry.DeleteCapabilityAsync(id)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_capability_whose_heartbeat_lapsed_is_not_planned_any_more()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        using var planner = stack.CreateClient(ResourceNames.Planner);
        var id = RegistryTestData.NewCapabilityId();
        await registry.RegisterAsync(RegistryTestData.ValidRegistration(id, heartbeatSeconds: 1));
        await Eventually.ShouldBecomeTrueAsync(() => PlansWithAsync(planner, id), TimeSpan.FromSeconds(5), $"{id} is planned");

        await Eventually.ShouldBecomeTrueAsync(
            async () => (await registry.ListAsync("inactive")).Any(c => c.CapabilityId == id),
            RegistryTestData.LapseTimeout, $"{id} lapses (no heartbeat for 3 s)");
        var lapsed = Stopwatch.StartNew();
        while (await PlansWithAsync(planner, id))
        {
            lapsed.Elapsed.ShouldBeLessThan(Visible, $"{id} is inactive but still planned after {Visible}");
            await Task.Delay(25);
        }
        for (var plan = 0; plan < 20; plan++)
        {
            (await PlansWithAsync(planner, id)).ShouldBeFalse("an inactive capability never comes back by itself");
        }
        (await registry.DeleteCapabilityAsync(id)).EnsureSuccessStatusCode();
    }

    // The test capability drafts post_copy from company_information + creative_brief at a huge cost; preferring it
    // (not pinning, which would make the planner ask the registry itself) makes it win whenever the planner knows it.
    private static async Task<bool> PlansWithAsync(HttpClient planner, string capabilityId)
    {
        var request = new JsonObject
        {
            ["phase"] = "initial",
            ["envelope"] = new JsonObject
            {
                ["objective"] = "Draft a post",
                ["inputs"] = new JsonObject { ["company_information"] = new JsonObject(), ["creative_brief"] = new JsonObject() },
                ["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("post_copy") },
                ["policies"] = new JsonObject
                {
                    ["planner"] = new JsonObject { ["selection"] = new JsonObject { ["prefer"] = new JsonArray(capabilityId) } },
                },
            },
        };
        using var response = await planner.PostAsJsonAsync("/api/v1/plans", request);
        response.EnsureSuccessStatusCode();
        var plan = (await response.Content.ReadFromJsonAsync(FlexJsonContext.Default.PlanResponse))!.Plan;
        return plan.Nodes.Any(n => n.CapabilityId == capabilityId);
    }
}
