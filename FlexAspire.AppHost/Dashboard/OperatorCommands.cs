using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FlexAspire.Contracts.Capabilities;
using FlexAspire.Contracts.Runs;
using FlexAspire.Contracts.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexAspire.AppHost.Dashboard;

/// Buttons in the dashboard's resource menus for what an operator otherwise does with curl and a key
/// (docs/observability.md, "The dashboard"). They call the services' own routes with the AppHost's secrets.
public static class OperatorCommands
{
    public const string CancelRunningRuns = "cancel-running-runs";
    public const string RemoveInactiveCapabilities = "remove-inactive-capabilities";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// Cancels every run that is pending or running (paused runs wait for people and are left alone).
    public static IResourceBuilder<ProjectResource> WithCancelRunningRunsCommand(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> apiKey) =>
        api.WithCommand(CancelRunningRuns, "Cancel running runs", async context =>
        {
            var baseUrl = api.GetEndpoint("http").Url;
            var key = await apiKey.Resource.GetValueAsync(context.CancellationToken);
            var cancelled = 0;
            foreach (var status in (RunStatus[])[RunStatus.Running, RunStatus.Pending])
            {
                foreach (var runId in await RunIdsAsync(Http, baseUrl, status, key, context.CancellationToken))
                {
                    using var request = Request(HttpMethod.Post, $"{baseUrl}/api/v1/flex/runs/{runId}/cancel", key);
                    using var response = await Http.SendAsync(request, context.CancellationToken);
                    // 409: it finished meanwhile, which is what the operator wanted anyway.
                    if (response.IsSuccessStatusCode) cancelled++;
                    else if (response.StatusCode != HttpStatusCode.Conflict) return CommandResults.Failure($"Cancelling run {runId} answered {(int)response.StatusCode}.");
                }
            }
            return CommandResults.Success($"Cancelled {cancelled} run(s).");
        }, new CommandOptions
        {
            Description = "Cancel every pending or running flex run (POST /api/v1/flex/runs/{id}/cancel for each).",
            ConfirmationMessage = "Cancel every pending and running run?",
            IconName = "DismissCircle",
            UpdateState = WhenHealthy,
        });

    /// Deletes the capability versions whose heartbeat lapsed (left behind by stopped agents or earlier test runs).
    public static IResourceBuilder<ProjectResource> WithRemoveInactiveCapabilitiesCommand(
        this IResourceBuilder<ProjectResource> registry, IResourceBuilder<ParameterResource> registryToken) =>
        registry.WithCommand(RemoveInactiveCapabilities, "Remove inactive capabilities", async context =>
        {
            var baseUrl = registry.GetEndpoint("http").Url;
            var token = await registryToken.Resource.GetValueAsync(context.CancellationToken);
            using var listRequest = Request(HttpMethod.Get, $"{baseUrl}/api/v1/flex/capabilities?status={CapabilityStatus.Inactive.ToWire()}", token);
            using var listResponse = await Http.SendAsync(listRequest, context.CancellationToken);
            listResponse.EnsureSuccessStatusCode();
            var records = JsonNode.Parse(await listResponse.Content.ReadAsStringAsync(context.CancellationToken))!.AsArray();
            var removed = 0;
            foreach (var record in records)
            {
                var id = Uri.EscapeDataString(record!["capabilityId"]!.GetValue<string>());
                var version = Uri.EscapeDataString(record["version"]!.GetValue<string>());
                using var request = Request(HttpMethod.Delete, $"{baseUrl}/api/v1/flex/capabilities/{id}?version={version}", token);
                using var response = await Http.SendAsync(request, context.CancellationToken);
                if (response.IsSuccessStatusCode) removed++;
                else if (response.StatusCode != HttpStatusCode.NotFound) return CommandResults.Failure($"Removing {id}@{version} answered {(int)response.StatusCode}.");
            }
            return CommandResults.Success($"Removed {removed} inactive capability version(s).");
        }, new CommandOptions
        {
            Description = "Delete every inactive capability version from the registry (active ones and their agents are untouched).",
            ConfirmationMessage = "Remove every inactive capability version?",
            IconName = "Delete",
            UpdateState = WhenHealthy,
        });

    private static ResourceCommandState WhenHealthy(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    /// The ids of every run with the status: all pages of the runs list, followed by its cursor (collected before any
    /// is cancelled; the cursor is a position in creation order, so runs leaving the status do not shift it).
    internal static async Task<List<string>> RunIdsAsync(HttpClient http, string baseUrl, RunStatus status, string? key, CancellationToken ct)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"{baseUrl}/api/v1/flex/runs?status={status.ToWire()}&limit=200"
                + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var request = Request(HttpMethod.Get, url, key);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            ids.AddRange(page["items"]!.AsArray().Select(item => item!["runId"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return ids;
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string? bearer)
    {
        var request = new HttpRequestMessage(method, url);
        if (bearer is { Length: > 0 }) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }
}
