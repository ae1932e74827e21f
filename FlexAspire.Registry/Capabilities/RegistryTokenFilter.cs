using System.Security.Cryptography;
using System.Text;

namespace FlexAspire.Registry.Capabilities;

/// Guards the writing endpoints with the registry tokens (`Authorization: Bearer <token>`): no credentials → 401, a
/// token that is none of Registry:Token and Registry:Tokens → 403. The matching token's owner name (a fingerprint,
/// never the token) is left in HttpContext.Items for ownership checks.
public sealed class RegistryTokenFilter(IOptionsMonitor<RegistryOptions> options) : IEndpointFilter
{
    private const string OwnerItem = "flex.registry.owner";

    /// `token-<first 12 hex of its SHA-256>`: stable across restarts, and it reveals nothing of the token.
    public static string OwnerOf(string token) => $"token-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12]}";

    public static string Owner(HttpContext http) => (string)http.Items[OwnerItem]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "Registration needs the registry token: send 'Authorization: Bearer <token>'.");
        }
        var presented = header["Bearer ".Length..].Trim();
        string? owner = null;
        foreach (var token in (string[])[options.CurrentValue.Token, .. options.CurrentValue.Tokens])
        {
            // Every token is compared, so the time taken does not say which one matched.
            if (token.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(presented)))
                owner ??= OwnerOf(token);
        }
        if (owner is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "The registry token is not valid.");
        }
        context.HttpContext.Items[OwnerItem] = owner;
        return await next(context);
    }
}
