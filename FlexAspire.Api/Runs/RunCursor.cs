using System.Buffers.Text;
using System.Text;

namespace FlexAspire.Api.Runs;

/// An opaque page cursor: the last item's creation time and id, base64url-encoded.
internal static class RunCursor
{
    public static string Format(DateTimeOffset createdAt, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{createdAt.UtcTicks}:{id:n}"));

    public static bool TryParse(string cursor, out (DateTimeOffset At, Guid Id) value)
    {
        value = default;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], out var ticks) && Guid.TryParseExact(parts[1], "n", out var id)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks)
            {
                value = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}
