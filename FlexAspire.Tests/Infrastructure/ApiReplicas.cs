namespace FlexAspire.Tests.Infrastructure;

/// One API replica reached directly (not through the AppHost's proxy, which spreads connections over replicas).
public sealed record ApiReplica(string SiloAddress, int ProcessId, Uri Address)
{
    public HttpClient CreateClient() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = Address,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", FlexStackFixture.ApiKey) },
        Timeout = Timeout.InfiniteTimeSpan,
    };
}

public static class ApiReplicas
{
    /// Every replica, as each reports itself on `GET cluster` once all of them are members of one cluster. The proxy
    /// picks a replica per connection, so each attempt opens a new one.
    public static async Task<IReadOnlyList<ApiReplica>> DiscoverAsync(FlexStackFixture stack, int count, TimeSpan timeout)
    {
        var found = new Dictionary<string, ApiReplica>();
        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            using var client = stack.CreateClient(ResourceNames.Api);
            client.DefaultRequestHeaders.ConnectionClose = true;
            JsonNode view;
            try
            {
                view = JsonNode.Parse(await client.GetStringAsync("/api/v1/flex/cluster"))!;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false; // a replica is `Running` a few seconds before it answers (it joins the cluster first)
            }
            var replica = view["replica"]!;
            var address = replica["httpAddresses"]!.AsArray().Select(a => a!.GetValue<string>()).First(a => a.StartsWith("http://"));
            var silo = replica["siloAddress"]!.GetValue<string>();
            if (view["members"]!.AsArray().Count(m => m!["status"]!.GetValue<string>() == "active") == count)
            {
                found[silo] = new ApiReplica(silo, replica["processId"]!.GetValue<int>(), new Uri(address));
            }
            return found.Count == count;
        }, timeout, $"{count} API replicas answer and see each other as active members");
        return found.Values.OrderBy(r => r.SiloAddress, StringComparer.Ordinal).ToList();
    }

    public static async Task<JsonNode> GetClusterAsync(this ApiReplica replica)
    {
        using var client = replica.CreateClient();
        return (await client.GetFromJsonAsync<JsonNode>("/api/v1/flex/cluster"))!;
    }
}
