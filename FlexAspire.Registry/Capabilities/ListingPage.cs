using System.Buffers.Text;
using System.Text;
using FlexAspire.Schemas;
using Microsoft.Net.Http.Headers;

namespace FlexAspire.Registry.Capabilities;

/// HTTP details of capability listings: the generation as a weak ETag (records carry lastSeenAt, which heartbeats move
/// without a new generation, so two listings of one generation are equivalent, not byte-identical), conditional GETs,
/// and keyset paging whose opaque cursor is the last capability id of the previous page, linked with `rel="next"`.
internal static class ListingPage
{
    public const int MaxLimit = 1000;

    public static EntityTagHeaderValue ETagOf(long generation) => new($"\"{generation}\"", isWeak: true);

    public static void SetGeneration(HttpResponse response, long generation)
    {
        var headers = response.GetTypedHeaders();
        headers.ETag = ETagOf(generation);
        // Clients may keep a listing but must revalidate it (a 304 costs the registry one indexed read).
        headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
    }

    public static bool IsNotModified(HttpRequest request, long generation)
    {
        var ifNoneMatch = request.GetTypedHeaders().IfNoneMatch;
        var current = ETagOf(generation);
        return ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }

    public static string EncodeCursor(string capabilityId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(capabilityId));

    public static string? DecodeCursor(string? cursor, ValidationErrors errors)
    {
        if (cursor is null)
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (decoded.Length is > 0 and <= 200)
            {
                return decoded;
            }
        }
        catch (FormatException)
        {
        }
        errors.Add("cursor", "is not a cursor this registry issued (take it from the previous page's Link header)");
        return null;
    }

    public static void SetNextLink(HttpContext context, string status, int limit, string lastCapabilityId)
    {
        var request = context.Request;
        var next = $"{request.PathBase}{request.Path}?status={Uri.EscapeDataString(status)}&limit={limit}" +
                   $"&cursor={EncodeCursor(lastCapabilityId)}";
        context.Response.Headers.Append(HeaderNames.Link, $"<{next}>; rel=\"next\"");
    }
}
