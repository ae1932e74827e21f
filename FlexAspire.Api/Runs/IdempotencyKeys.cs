using System.Security.Claims;

namespace FlexAspire.Api.Runs;

/// `Idempotency-Key` of run.stream: 1-128 printable ASCII characters (it is stored, in a bounded column), and scoped
/// to the API key that sent it, so one caller can neither replay nor block another caller's key.
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 128;

    public static string? Problem(string? key) => key switch
    {
        null => null,
        { Length: 0 or > MaxLength } => $"{Header} must be 1 to {MaxLength} characters, was {key.Length}.",
        _ when key.Any(c => c is < '!' or > '~') => $"{Header} may only hold printable ASCII characters (no spaces or control characters).",
        _ => null,
    };

    /// What is stored: `<api key name>/<key>` (`key-0/…`; `anonymous/…` when the API runs without keys).
    public static string? Scoped(ClaimsPrincipal caller, string? key) =>
        key is null ? null : $"{caller.Identity?.Name ?? "anonymous"}/{key}";

    /// The caller's own key, for messages (API key names hold no '/').
    public static string Unscoped(string scoped) => scoped[(scoped.IndexOf('/') + 1)..];
}
