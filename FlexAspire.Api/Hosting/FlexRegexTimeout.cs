using System.Globalization;
using System.Runtime.CompilerServices;

namespace FlexAspire.Api.Hosting;

/// Callers' schemas bring their own `pattern`s, and JsonSchema.Net builds its Regex objects without a match timeout,
/// so one catastrophic pattern could pin a core. .NET gives every Regex built without an explicit timeout the
/// process-wide default REGEX_DEFAULT_MATCH_TIMEOUT, read once when Regex is first used: it is set here, in the API
/// assembly's module initializer, before any code of the API (or of a library it calls) runs. A match that times out
/// throws RegexMatchTimeoutException (SchemaValidator turns it into a validation issue).
public static class FlexRegexTimeout
{
    public const string SettingName = "Flex:Limits:RegexMatchTimeout";

    /// Read from the environment (`Flex__Limits__RegexMatchTimeout`, a TimeSpan such as 00:00:00.5) because it must
    /// be known before configuration is built.
    public const string EnvironmentVariable = "Flex__Limits__RegexMatchTimeout";

    public static readonly TimeSpan Default = TimeSpan.FromMilliseconds(500);

    public static TimeSpan Value { get; private set; } = Default;

    [ModuleInitializer]
    internal static void Apply()
    {
        if (TimeSpan.TryParse(Environment.GetEnvironmentVariable(EnvironmentVariable), CultureInfo.InvariantCulture, out var configured)
            && configured > TimeSpan.Zero)
        {
            Value = configured;
        }
        AppDomain.CurrentDomain.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", Value);
    }
}
