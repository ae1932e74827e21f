using FlexAspire.Api.Hosting;

namespace FlexAspire.Api.Capabilities;

/// POST /api/v1/flex/capabilities/register on the API, forwarded to the registry unchanged (body, content type,
/// Authorization) with the registry's answer passed back, so an external agent needs only the API's base URL.
public static class RegistrationForwardingApi
{
    public static RouteGroupBuilder MapCapabilityRegistrationForwarding(this RouteGroupBuilder flex)
    {
        // No Accepts<T> metadata: the registry decides about content types, so its problem details come through.
        flex.MapPost("/capabilities/register", Forward)
            .WithName("ForwardCapabilityRegistration").WithTags("Capabilities")
            .WithJsonBody<CapabilityRegistration>().Produces<RegisterCapabilityResponse>().ProducesValidationProblem()
            // Registration is authenticated by the registry's own token, carried in Authorization and checked by the
            // registry: an API key is not a registration credential (the registry answers 403 to it).
            .AllowAnonymous()
            .WithSummary("Register a capability (forwarded to the registry)");
        return flex;
    }

    public static async Task<IResult> Forward(HttpRequest request, RegistryClient registry, ILoggerFactory loggers,
        CancellationToken ct)
    {
        // Buffered, so that the resilience handler can resend it; the registry applies its own, smaller bound too.
        if (await RequestBody.ReadAsync(request, ct) is not { } body)
        {
            return RequestBody.TooLarge(request.HttpContext);
        }
        try
        {
            using var response = await registry.ForwardRegistrationAsync(body, request.ContentType,
                request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, ct, request.QueryString.Value);
            return new RegistryAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(),
                response.Headers.WwwAuthenticate.ToString(), await response.Content.ReadAsByteArrayAsync(ct));
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                   or Polly.CircuitBreaker.BrokenCircuitException && !ct.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(RegistrationForwardingApi)).LogWarning(ex, "Forwarding a registration failed");
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Bad Gateway",
                detail: "The capability registry is unavailable; try again.");
        }
    }

    private sealed class RegistryAnswer(int status, string? contentType, string wwwAuthenticate, byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            if (wwwAuthenticate.Length > 0)
            {
                context.Response.Headers.WWWAuthenticate = wwwAuthenticate;
            }
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }
}
