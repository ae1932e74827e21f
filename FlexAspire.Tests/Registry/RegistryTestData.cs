namespace FlexAspire.Tests.Registry;

/// Registrations, calls and database checks shared by the registry tests. Every test makes its own capability ids.
public static class RegistryTestData
{
    public const string CapabilitiesPath = "/api/v1/flex/capabilities";
    public const string RegisterPath = "/api/v1/flex/capabilities/register";

    public static string NewCapabilityId(string area = "test") => $"{area}.Capability{Guid.NewGuid():n}";

    /// A valid registration as JSON, so that tests can break it in any way the wire allows.
    public static JsonObject ValidRegistration(string capabilityId, string version = "1.0.0", int? heartbeatSeconds = null)
    {
        var registration = new JsonObject
        {
            ["capabilityId"] = capabilityId,
            ["version"] = version,
            ["displayName"] = "Test capability",
            ["summary"] = "Drafts post copy from a brief; registered by a test.",
            ["kind"] = "execution",
            ["agentType"] = "ai",
            ["inputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("company_information", "creative_brief") },
            ["outputContract"] = new JsonObject { ["mode"] = "facets", ["facets"] = new JsonArray("post_copy") },
            // Far more expensive than the built-in catalog: every stack test shares one registry, and a run planned by
            // another test must not pick a capability a registry test left behind.
            ["cost"] = new JsonObject { ["tier"] = "premium", ["estimatedTokens"] = 1_000_000 },
        };
        if (heartbeatSeconds is { } seconds)
        {
            registration["heartbeat"] = new JsonObject { ["intervalSeconds"] = seconds };
        }
        return registration;
    }

    public static Task<HttpResponseMessage> PostRegistrationAsync(this HttpClient client, JsonNode registration,
        string? token = FlexStackFixture.RegistryToken) =>
        client.SendAsync(RegistrationRequest(JsonContent.Create(registration), token));

    public static HttpRequestMessage RegistrationRequest(HttpContent content, string? token = FlexStackFixture.RegistryToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, RegisterPath) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    public static async Task<RegisterCapabilityResponse> RegisterAsync(this HttpClient client, JsonNode registration)
    {
        using var response = await client.PostRegistrationAsync(registration);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(FlexJsonContext.Default.RegisterCapabilityResponse))!;
    }

    public static async Task<List<CapabilityRecord>> ListAsync(this HttpClient client, string status) =>
        (await client.GetFromJsonAsync($"{CapabilitiesPath}?status={status}", FlexJsonContext.Default.ListCapabilityRecord))!;

    /// Registers a new capability id in each of `versions`, in that order; returns the id.
    public static async Task<string> RegisterVersionsAsync(this HttpClient registry, params string[] versions)
    {
        var id = NewCapabilityId();
        foreach (var version in versions)
        {
            await registry.RegisterAsync(ValidRegistration(id, version));
        }
        return id;
    }

    /// DELETE /capabilities/{id}, or only one version of it, with a registry token.
    public static async Task<HttpResponseMessage> DeleteCapabilityAsync(this HttpClient client, string capabilityId, string? version = null,
        string token = FlexStackFixture.RegistryToken)
    {
        var path = version is null ? $"{CapabilitiesPath}/{capabilityId}" : $"{CapabilitiesPath}/{capabilityId}?version={version}";
        using var request = new HttpRequestMessage(HttpMethod.Delete, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    /// How long a test waits for a capability whose heartbeat lapsed to be swept inactive.
    public static readonly TimeSpan LapseTimeout = TimeSpan.FromSeconds(30);

    /// Registers a capability without a heartbeat (it stays active) and one with a 1 s heartbeat interval and no timeout
    /// (it lapses 3 s after its last registration); returns their ids.
    public static async Task<(string Lapsing, string Kept)> RegisterLapsingAndKeptAsync(this HttpClient registry)
    {
        var lapsing = NewCapabilityId();
        var kept = NewCapabilityId();
        await registry.RegisterAsync(ValidRegistration(kept));
        await registry.RegisterAsync(ValidRegistration(lapsing, heartbeatSeconds: 1));
        return (lapsing, kept);
    }

    /// GET /capabilities/{id}: `{capabilityId, current, versions[]}`, or null when the registry answers 404.
    public static async Task<JsonObject?> GetCapabilityAsync(this HttpClient client, string capabilityId)
    {
        using var response = await client.GetAsync($"{CapabilitiesPath}/{capabilityId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static CapabilityRecord ToRecord(JsonNode node) =>
        node.Deserialize(FlexJsonContext.Default.CapabilityRecord)!;

    /// Rows of flex_capabilities for one id, read straight from the database.
    public static async Task<List<(string Version, string Status, DateTime LastSeenAt, string Registration)>> RowsAsync(
        this FlexStackFixture stack, string capabilityId)
    {
        await using var connection = new NpgsqlConnection(await stack.GetDatabaseConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT version, status, last_seen_at, registration::text FROM flex_capabilities WHERE capability_id = $1",
            connection) { Parameters = { new() { Value = capabilityId } } };
        var rows = new List<(string, string, DateTime, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetDateTime(2), reader.GetString(3)));
        }
        return rows;
    }
}
