namespace FlexAspire.Contracts.Serialization;

/// What System.Text.Json accepts but flex must not: a key twice in one object (the deserializer keeps the last one
/// silently, and JsonObject throws on first use), U+0000 (PostgreSQL text and jsonb cannot store it) and strings that
/// are not valid UTF-16 (a lone surrogate escape). One pass of a Utf8JsonReader over the body, before it is
/// deserialized; the problem is keyed by the field path ContractReader uses (`policies.runtime[0].id`).
public static class JsonHygiene
{
    public sealed record Problem(string Field, string Reason);

    /// Null when the document is clean, or malformed in a way the deserializer reports itself.
    public static Problem? Check(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        var containers = new Stack<Container>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var container = containers.Peek();
                        if (Text(ref reader) is not { } name)
                            return new(container.Child(null), "A key is not valid UTF-16 text (a lone surrogate escape).");
                        property = name;
                        if (name.Contains('\0'))
                            return new(container.Child(name), "Keys must not contain NUL (U+0000) characters.");
                        if (!container.Keys!.Add(name))
                            return new(container.Child(name), $"The key '{name}' appears more than once in this object.");
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        containers.Pop();
                        continue;
                }
                var path = containers.TryPeek(out var parent) ? parent.Child(property) : "";
                property = null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        containers.Push(new Container(path, new HashSet<string>(StringComparer.Ordinal)));
                        break;
                    case JsonTokenType.StartArray:
                        containers.Push(new Container(path, null));
                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        // Only an escape can spell U+0000 or a lone surrogate; raw control characters are malformed.
                        if (Text(ref reader) is not { } value)
                            return new(path, "The value is not valid UTF-16 text (a lone surrogate escape).");
                        if (value.Contains('\0'))
                            return new(path, "Text must not contain NUL (U+0000) characters.");
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed or too deep: the deserializer names that problem.
        }
        return null;
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// An object (with the keys seen so far) or an array (with the index of its next item).
    private sealed class Container(string path, HashSet<string>? keys)
    {
        private int _next;

        public HashSet<string>? Keys => keys;

        public string Child(string? property) => keys is null
            ? $"{path}[{_next++}]"
            : property is null || path.Length == 0 ? property ?? path : $"{path}.{property}";
    }
}
