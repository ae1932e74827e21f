using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FlexAspire.Api.Runs;

/// Replaces the values of secret-looking keys (token, secret, apikey, password, authorization, credential) at any
/// depth, for everything the API shows of a run.
public static partial class SecretRedactor
{
    public const string Mask = "[redacted]";

    public static JsonObject? Redact(JsonObject? value) => value is null ? null : (JsonObject)RedactNode(value.DeepClone())!;

    public static bool IsSecretKey(string key) => SecretKey().IsMatch(key);

    private static JsonNode? RedactNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    obj[key] = IsSecretKey(key) ? Mask : RedactNode(obj[key]?.DeepClone());
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = RedactNode(array[i]?.DeepClone());
                }
                return array;
            default:
                return node;
        }
    }

    [GeneratedRegex("token|secret|api[-_]?key|password|passwd|authorization|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();
}
