using System.Net.Http.Json;
using System.Text.Json;
using FlexAspire.Contracts.Capabilities;
using FlexAspire.Contracts.Serialization;

namespace FlexAspire.Planner.Planning;

/// Typed client of the registry's capability list; the base address comes from PlannerOptions (service discovery).
public sealed class RegistryClient(HttpClient http) : ICapabilitySource
{
    public const string ActiveCapabilitiesPath = "/api/v1/flex/capabilities?status=active";

    public async Task<IReadOnlyList<CapabilityRecord>> GetActiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(ActiveCapabilitiesPath, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CapabilitySourceUnavailableException(
                    $"The registry answered {(int)response.StatusCode} to GET {ActiveCapabilitiesPath}.");
            }
            var records = await response.Content.ReadFromJsonAsync(
                FlexJsonContext.Default.ListCapabilityRecord, cancellationToken);
            // The registry filters by status already; filtering again keeps an older registry from leaking inactive ones.
            return (records ?? []).Where(r => r.Status == CapabilityStatus.Active).ToList();
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException
                                       && !cancellationToken.IsCancellationRequested)
        {
            throw new CapabilitySourceUnavailableException($"The registry could not be read: {ex.Message}", ex);
        }
    }
}
