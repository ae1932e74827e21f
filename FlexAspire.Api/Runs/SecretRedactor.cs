using System.Text.RegularExpressions;
using FlexAspire.Api.Hosting;

namespace FlexAspire.Api.Runs;

/// Hides secrets in everything the API shows or records of a run: values of secret-looking keys (token, secret,
/// apikey, password, authorization, credential) at any depth, and the configured API keys wherever they appear.
/// Used by GET runs/{id} and by the log and trace processors (TelemetryRedaction).
public sealed partial class SecretRedactor(ApiKeyRing keys)
{
    public const string Mask = "[redacted]";

    /// `maxTokens`, `input_tokens`, `tokenCount` are counts, not secrets; `accessToken`, `refresh_token` are secrets.
    public static bool IsSecretKey(string key) => SecretKey().IsMatch(key);

    /// Secret-looking keys and configured API keys.
    public JsonObject? Redact(JsonObject? value) => value is null ? null : (JsonObject)RedactNode(value.DeepClone(), byKey: true)!;

    /// Only the configured API keys, for documents whose key names are the caller's own (e.g. a run's output).
    public JsonNode? RedactValues(JsonNode? value) => value is null ? null : RedactNode(value.DeepClone(), byKey: false);

    /// Free text (log messages, span attributes): configured keys, bearer credentials and `"secretKey": "value"` pairs.
    public string RedactText(string text)
    {
        foreach (var key in keys.Keys)
            text = text.Replace(key, Mask, StringComparison.Ordinal);
        text = BearerCredential().Replace(text, $"Bearer {Mask}");
        text = JsonSecretPair().Replace(text, m => IsSecretKey(m.Groups["key"].Value) ? $"{m.Groups["head"].Value}\"{Mask}\"" : m.Value);
        // The same pair inside a JSON string (a prompt serialized into a span attribute): \"apiKey\": \"…\".
        return EscapedJsonSecretPair().Replace(text, m => IsSecretKey(m.Groups["key"].Value) ? $"{m.Groups["head"].Value}\\\"{Mask}\\\"" : m.Value);
    }

    private JsonNode? RedactNode(JsonNode? node, bool byKey)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                    obj[key] = byKey && IsSecretKey(key) ? Mask : RedactNode(obj[key]?.DeepClone(), byKey);
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    array[i] = RedactNode(array[i]?.DeepClone(), byKey);
                return array;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var text = value.GetValue<string>();
                return keys.Keys.Any(k => text.Contains(k, StringComparison.Ordinal)) ? RedactText(text) : node;
            default:
                return node;
        }
    }

    [GeneratedRegex(@"token(?!s|_?(count|limit|usage|budget))|secret|api[-_]?key|password|passwd|authorization|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase)]
    private static partial Regex BearerCredential();

    // "key": "value" with JSON string escapes inside the value.
    [GeneratedRegex(@"(?<head>""(?<key>[^""\\]{1,100})""\s*:\s*)""(?:[^""\\]|\\.)*""")]
    private static partial Regex JsonSecretPair();

    // \"key\": \"value\" inside a JSON string.
    [GeneratedRegex(@"(?<head>\\""(?<key>[^""\\]{1,100})\\""\s*:\s*)\\""(?:[^""\\]|\\[^""])*\\""")]
    private static partial Regex EscapedJsonSecretPair();
}
