using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Infrastructure;

/// One API replica reached directly (not through the AppHost's proxy, which spreads connections over replicas).
public sealed record ApiReplica(string SiloAddress, int ProcessId, Uri Address)
{
    public HttpClient CreateClient() => CreateClient(Address, Timeout.InfiniteTimeSpan);

    /// A client of the API at `address` that sends the test API key.
    public static HttpClient CreateClient(Uri address, TimeSpan timeout) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = address,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", FlexStackFixture.ApiKey) },
            Timeout = timeout,
        };
}

public static class ApiReplicas
{
    /// Every replica, reached at its own address (the ASPNETCORE_URLS its instance was started with), once each answers
    /// and sees all of them as active members. Not through the AppHost's proxy: after a replica is killed and started
    /// again, the proxy can go on sending every connection to the others for minutes.
    public static async Task<IReadOnlyList<ApiReplica>> DiscoverAsync(FlexStackFixture stack, int count, TimeSpan timeout)
    {
        var instances = await InstancesAsync(stack, count, timeout);
        var found = new Dictionary<string, ApiReplica>();
        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            foreach (var instance in instances.Where(i => !found.ContainsKey(i)))
            {
                if (OwnAddress(stack, instance) is { } address && await AnswerAsync(address, count) is { } replica)
                {
                    found[instance] = replica;
                }
            }
            return found.Count == count;
        }, timeout, $"{count} API replicas answer and see each other as active members");
        return found.Values.OrderBy(r => r.SiloAddress, StringComparer.Ordinal).ToList();
    }

    /// The API resource's replica instances (resource ids), from the states a watch starts with.
    public static async Task<IReadOnlyCollection<string>> InstancesAsync(FlexStackFixture stack, int count, TimeSpan timeout)
    {
        var instances = new HashSet<string>();
        using var watching = new CancellationTokenSource(timeout);
        await foreach (var e in stack.App.ResourceNotifications.WatchAsync(watching.Token))
        {
            if (e.Resource.Name == stack.ApiResource && instances.Add(e.ResourceId) && instances.Count == count)
                break;
        }
        return instances;
    }

    private static Uri? OwnAddress(FlexStackFixture stack, string instance) =>
        stack.App.ResourceNotifications.TryGetCurrentState(instance, out var state) && state.Snapshot.State?.Text == KnownResourceStates.Running
        && state.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value is { } urls
        && Uri.TryCreate(urls.Split(';')[0], UriKind.Absolute, out var address)
            ? address
            : null;

    /// The replica at `address` as it reports itself, once it sees `count` active members; null until then.
    private static async Task<ApiReplica?> AnswerAsync(Uri address, int count)
    {
        JsonNode view;
        try
        {
            using var client = ApiReplica.CreateClient(address, TimeSpan.FromSeconds(10));
            view = JsonNode.Parse(await client.GetStringAsync("/api/v1/flex/cluster"))!;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null; // a replica is `Running` a few seconds before it answers (it joins the cluster first)
        }
        if (view["members"]!.AsArray().Count(m => m!["status"]!.GetValue<string>() == "active") != count)
            return null;
        var replica = view["replica"]!;
        return new ApiReplica(replica["siloAddress"]!.GetValue<string>(), replica["processId"]!.GetValue<int>(), address);
    }

    public static async Task<JsonNode> GetClusterAsync(this ApiReplica replica)
    {
        using var client = replica.CreateClient();
        return (await client.GetFromJsonAsync<JsonNode>("/api/v1/flex/cluster"))!;
    }
}
