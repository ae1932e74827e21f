using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace FlexAspire.Api.Capabilities;

/// Configuration section `Registry` (the AppHost sets `Registry__Token`).
public sealed class RegistryClientOptions
{
    public const string Section = "Registry";

    public string Token { get; set; } = "";
}

/// The registry over HTTP, found through Aspire service discovery (`http://registry`). The standard resilience
/// handler from ServiceDefaults retries transient failures of each call.
public sealed class RegistryClient(HttpClient http, IOptionsMonitor<RegistryClientOptions> options)
{
    public const string RegisterPath = "/api/v1/flex/capabilities/register";
    public static readonly Uri BaseAddress = new($"http://{ResourceNames.Registry}");

    public async Task RegisterAsync(CapabilityRegistration registration, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, RegisterPath)
        {
            Content = JsonContent.Create(registration, FlexJsonContext.Default.CapabilityRegistration),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.CurrentValue.Token);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"The registry answered {(int)response.StatusCode}: {problem}", null,
                response.StatusCode);
        }
    }

    /// Sends an external agent's registration as it came (body, content type, Authorization) and returns the answer.
    public Task<HttpResponseMessage> ForwardRegistrationAsync(byte[] body, string? contentType, string? authorization,
        CancellationToken ct, string? query = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, RegisterPath + query) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return http.SendAsync(request, ct);
    }
}
