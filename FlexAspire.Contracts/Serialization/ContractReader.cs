using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace FlexAspire.Contracts.Serialization;

/// The outcome of reading a wire document: the value, or field path -> reasons (ValidationProblem-shaped).
public sealed record ContractReadResult<T>(T? Value, Dictionary<string, string[]> Errors)
{
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsValid => Value is not null && Errors.Count == 0;
}

/// Reads request bodies with the strict FlexJson metadata and turns System.Text.Json's failures (missing required
/// member, unknown member, unknown or missing `mode`, wrong type) into a 400 that names the field, which the
/// framework's own body binding does not (it answers a bare 400, or a 500 for a missing discriminator).
public static partial class ContractReader
{
    /// Reads the whole body first (request bodies are bounded by the host), so the hygiene check sees all of it.
    public static async Task<ContractReadResult<T>> ReadAsync<T>(Stream body, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return Read(buffer.ToArray(), typeInfo);
    }

    public static ContractReadResult<T> Read<T>(string json, JsonTypeInfo<T> typeInfo) => Read(System.Text.Encoding.UTF8.GetBytes(json), typeInfo);

    /// Duplicate keys, NUL characters and broken surrogates first (JsonHygiene), then the strict deserializer.
    public static ContractReadResult<T> Read<T>(byte[] utf8, JsonTypeInfo<T> typeInfo)
    {
        if (JsonHygiene.Check(utf8) is { } problem)
            return Failure<T>(problem.Field, problem.Reason);
        try
        {
            var value = JsonSerializer.Deserialize(utf8, typeInfo);
            return value is null ? Failure<T>("", "A JSON document is required.") : new(value, []);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return Describe<T>(ex);
        }
    }

    private static ContractReadResult<T> Describe<T>(Exception ex)
    {
        var path = ex is JsonException { Path: { } p } ? p : PathInMessage().Match(ex.Message) is { Success: true } m ? m.Groups[1].Value : "$";
        var at = ToFieldPath(path);
        if (MissingRequired().Match(ex.Message) is { Success: true } missing)
        {
            var names = Quoted().Matches(missing.Groups[1].Value).Select(q => q.Groups[1].Value);
            return new(default, names.ToDictionary(n => Join(at, n), n => new[] { $"The {n} field is required." }));
        }
        if (UnknownMember().Match(ex.Message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            // STJ reports the path of the object, or of the member itself, depending on where it stopped reading.
            var field = at.EndsWith(name, StringComparison.Ordinal) ? at : Join(at, name);
            return Failure<T>(field, $"'{name}' is not a known field here.");
        }
        if (UnknownDiscriminator().Match(ex.Message) is { Success: true } mode)
            return Failure<T>(Join(at, "mode"), $"'{mode.Groups[1].Value}' is not a known mode; expected json_schema, facets or freeform.");
        if (ex is NotSupportedException && ex.Message.Contains("type discriminator", StringComparison.Ordinal))
            return Failure<T>(Join(at, "mode"), "The mode field is required (json_schema, facets or freeform).");
        if (ex.Message.Contains("doesn't allow null values", StringComparison.Ordinal))
            return Failure<T>(at, $"{(at.Length == 0 ? "The document" : at)} must not be null.");
        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
            return Failure<T>(at, $"{(at.Length == 0 ? "The document" : at)} has a value of the wrong type or an unknown value.");
        return Failure<T>(at, $"The request body is not valid JSON: {ex.Message}");
    }

    private static ContractReadResult<T> Failure<T>(string field, string reason) => new(default, new() { [field] = [reason] });

    // "$.policies.runtime[0].trigger.kind" -> "policies.runtime[0].trigger.kind"; "$['odd name']" kept as is.
    private static string ToFieldPath(string path) => path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    [GeneratedRegex(@"missing required properties including: (.*)$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"unrecognized type discriminator id '([^']*)'")]
    private static partial Regex UnknownDiscriminator();

    [GeneratedRegex(@"Path: (\$[^ |]*)")]
    private static partial Regex PathInMessage();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex Quoted();
}
