using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;

namespace FlexAspire.Api.Hosting;

/// The configured API keys, kept as SHA-256 digests so that a presented key is compared in constant time and
/// without revealing its length.
public sealed class ApiKeyRing(IOptions<FlexOptions> options)
{
    private readonly byte[][] _digests = options.Value.ApiKeys
        .Where(k => !string.IsNullOrWhiteSpace(k)).Select(Digest).ToArray();

    public bool Required => _digests.Length > 0;

    /// The configured keys themselves, for redaction (never for comparison).
    public IReadOnlyList<string> Keys { get; } = options.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToArray();

    /// A stable, non-secret name of the key that matched (`key-0`, `key-1`, …), or null.
    public string? Match(string presented)
    {
        var digest = Digest(presented);
        string? matched = null;
        for (var i = 0; i < _digests.Length; i++)
        {
            // Every key is compared, so the time taken does not say which one (or whether any) matched.
            if (CryptographicOperations.FixedTimeEquals(digest, _digests[i]))
                matched ??= $"key-{i}";
        }
        return matched;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// `Authorization: Bearer <api key>`. No header: no result (the policy then challenges → 401). A key that matches
/// none: failure (→ 403). Both answers are problem details.
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "FlexApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
            return Task.FromResult(AuthenticateResult.NoResult());
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header is not a bearer API key."));
        if (keys.Match(header["Bearer ".Length..].Trim()) is not { } keyId)
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, keyId)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        Response.Headers.WWWAuthenticate = presented ? "Bearer error=\"invalid_token\"" : "Bearer";
        await (presented
            ? Problem(StatusCodes.Status403Forbidden, "Forbidden", "The API key is not valid for this API.")
            : Problem(StatusCodes.Status401Unauthorized, "Unauthorized",
                "An API key is required: send 'Authorization: Bearer <key>'.")).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden", "The API key is not valid for this API.").ExecuteAsync(Context);

    private static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
