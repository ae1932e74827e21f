using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Hosting;

/// What an operator meets in the dashboard: links that open when clicked (a browser sends no key), parameters that say
/// what they are for, and commands that do what they are named.
[Collection(StackCollection.Name)]
public sealed class DashboardTests(FlexStackFixture stack)
{
    private static readonly string[] HttpResources =
        [ResourceNames.Registry, ResourceNames.Planner, ResourceNames.Api, ResourceNames.LegacyAgents, ResourceNames.Spa];

    [Fact]
    public async Task Every_dashboard_link_of_every_service_answers_200_without_a_key()
    {
        await stack.StartAsync(ResourceNames.Spa);
        using var browser = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var checkedLinks = new List<string>();
        var failures = new List<string>();
        foreach (var resource in HttpResources)
        {
            var links = await LinksAsync(resource);
            links.ShouldNotBeEmpty($"{resource} shows no link");
            foreach (var (name, url) in links)
            {
                using var response = await browser.GetAsync(url);
                checkedLinks.Add($"{resource}: {name}");
                if (response.StatusCode != HttpStatusCode.OK) failures.Add($"{resource} '{name}' {url} -> {(int)response.StatusCode}");
            }
        }
        failures.ShouldBeEmpty();
        checkedLinks.ShouldContain("spa: Runs (JSON)");
        checkedLinks.ShouldContain("spa: Running runs (JSON)");
        checkedLinks.ShouldContain("spa: Run history");
        checkedLinks.ShouldContain("api: API reference");
        checkedLinks.ShouldContain("spa: SPA (Create Post)");
    }

    [Fact]
    public void Every_parameter_of_the_AppHost_has_a_description()
    {
        var parameters = stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().ToList();
        parameters.Select(p => p.Name).ShouldContain("flex-api-key");
        parameters.Where(p => string.IsNullOrWhiteSpace(p.Description)).Select(p => p.Name).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_remove_inactive_capabilities_command_deletes_lapsed_versions_and_keeps_active_ones()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var (lapsing, kept) = await registry.RegisterLapsingAndKeptAsync();
        await Eventually.ShouldBecomeTrueAsync(async () => (await registry.ListAsync("inactive")).Any(c => c.CapabilityId == lapsing),
            RegistryTestData.LapseTimeout, $"{lapsing} lapses");

        var result = await ExecuteAsync(ResourceNames.Registry, "remove-inactive-capabilities");

        result.Success.ShouldBeTrue(result.Message);
        result.Message.ShouldStartWith("Removed ");
        (await registry.ListAsync("all")).Select(c => c.CapabilityId).ShouldNotContain(lapsing);
        (await registry.ListAsync("active")).Select(c => c.CapabilityId).ShouldContain(kept);
    }

    private async Task<ExecuteCommandResult> ExecuteAsync(string resourceName, string command)
    {
        var resource = stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
        return await stack.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command);
    }

    private async Task<List<(string Name, string Url)>> LinksAsync(string resource)
    {
        var links = new List<(string, string)>();
        await Eventually.ShouldBecomeTrueAsync(() =>
        {
            links.Clear();
            if (!stack.App.ResourceNotifications.TryGetCurrentState(resource, out var state)) return Task.FromResult(false);
            links.AddRange(state.Snapshot.Urls.Where(u => !u.IsInternal && u.Url.StartsWith("http", StringComparison.Ordinal))
                .Select(u => (u.DisplayProperties.DisplayName is { Length: > 0 } name ? name : u.Name ?? u.Url, u.Url)));
            return Task.FromResult(links.Count > 0);
        }, TimeSpan.FromSeconds(30), $"{resource} publishes its links");
        return links;
    }
}

/// The cancel command against runs caught mid-flight (the slow model keeps a run running for seconds).
[Collection(StackCollection.Name)]
public sealed class CancelRunningRunsCommandTests(SlowModelStackFixture stack)
{
    [Fact]
    public async Task The_cancel_running_runs_command_cancels_a_running_run()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var (runId, frames) = await api.StartSampleAndCancelAtFirstNodeStartAsync(async _ =>
        {
            var resource = stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == stack.ApiResource);
            var result = await stack.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, "cancel-running-runs");
            result.Success.ShouldBeTrue(result.Message);
        });

        frames[^1].Type.ShouldBe("complete");
        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("cancelled");
        JsonNode.Parse(await api.GetStringAsync($"/api/v1/flex/runs/{runId}"))!["status"]!.GetValue<string>().ShouldBe("cancelled");
    }
}
