using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FlexAspire.Registry.Capabilities;

/// Guards the writing endpoints with the shared registry token (`Authorization: Bearer <token>`): no credentials → 401,
/// a wrong token → 403. A single shared secret, so an endpoint filter is enough; no identity is involved.
public sealed class RegistryTokenFilter(IOptionsMonitor<RegistryOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "Registration needs the registry token: send 'Authorization: Bearer <token>'.");
        }
        var expected = Encoding.UTF8.GetBytes(options.CurrentValue.Token);
        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "The registry token is not valid.");
        }
        return await next(context);
    }
}
