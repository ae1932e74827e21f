using FsCheck;
using FsCheck.Fluent;

namespace FlexAspire.Tests.Security.Fuzz;

/// One generated request: what a hostile or careless client could send.
public sealed record HostileRequest(string Family, HttpMethod Method, string Path, byte[]? Body, string? ContentType,
    IReadOnlyList<(string Name, string Value)> Headers)
{
    public string Describe() => $"{Family}: {Method} {Path} [{ContentType}] {string.Join(" ", Headers.Select(h => $"{h.Name}={Shorten(h.Value)}"))} {Shorten(Body is null ? "" : Encoding.UTF8.GetString(Body))}";

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

/// FsCheck generators of hostile requests: valid documents (an envelope, a registration, a resume) broken by random
/// mutations — values of the wrong type or out of range, hostile strings, removed and unknown keys, duplicate keys,
/// broken text — plus hostile headers, query strings, paths and methods.
public static class HostileCorpus
{
    private static readonly string[] NastyStrings =
    [
        "", " ", "\0", "a\0b", "\u0001\u001f", "\ud800", "\udc00x", string.Concat(Enumerable.Repeat("💥", 150)), "<script>alert(1)</script>",
        "'; DROP TABLE flex_runs; --", "../../etc/passwd", "%00", "${jndi:ldap://x}", "\r\nX-Injected: 1", "null", "true",
        "-1", "1e309", "NaN", "#/$defs/missing", "http://169.254.169.254/latest/meta-data/", "http://localhost:1/", "file:///etc/passwd",
        "^(a+)+$", "(a|aa)+$", "\\", "\"", "{", "[", "0x7fffffff", "Bearer x",
    ];

    public static Gen<string> HostileString { get; } = Gen.Frequency(
        (6, Gen.Elements(NastyStrings)),
        (2, Gen.Choose(0, 12_000).Select(n => new string('x', n))),
        (2, Gen.Elements('a', 'é', '\u0000', '\u200b', 'Ω', '\ud83d').ArrayOf().Select(cs => new string(cs))));

    /// Schemas a caller could send as an output contract.
    private static readonly string[] HostileSchemas =
    [
        """{"$ref":"#/$defs/missing"}""", """{"$ref":"http://169.254.169.254/s.json"}""", """{"type":"strnig"}""",
        """{"type":"string","pattern":"^(a+)+$"}""", """{"type":"array","minItems":1000000000}""", """{"$ref":"#"}""",
        """{"type":"object","properties":{"a":{"$ref":"#/properties/a"}}}""", """{"pattern":"("}""", """{"minLength":-1}""",
        """{"type":"object","required":["x"],"properties":{"x":{"type":"string","minLength":5,"maxLength":2}}}""", "true", "false", "[]",
    ];

    public static Gen<JsonNode?> HostileValue { get; } = Gen.Frequency(
        (3, HostileString.Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Gen.Elements<double>(-1, 0, 1e40, -1e40, 1.5, 2147483648, -2147483649, 9007199254740993, 1e-300).Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Constant<JsonNode?>(null)),
        (1, Gen.Constant<JsonNode?>(new JsonArray())),
        (1, Gen.Constant<JsonNode?>(new JsonObject())),
        (1, HostileString.Select(s => (JsonNode?)new JsonObject { [s.Length > 100 ? s[..100] : s] = 1 })),
        (1, Gen.Elements(HostileSchemas).Select(s => (JsonNode?)JsonNode.Parse(s))));

    /// A document mutation: replace a node, remove a key, add an unknown key; `At` picks the node (modulo their count).
    private sealed record Mutation(int Kind, int At, JsonNode? Value, string Key);

    private static Gen<Mutation> Mutations { get; } =
        from kind in Gen.Choose(0, 2)
        from at in Gen.Choose(0, 10_000)
        from value in HostileValue
        from key in HostileString
        select new Mutation(kind, at, value, key.Length > 60 ? key[..60] : key);

    /// Text-level breakage the JSON layer cannot express: duplicate keys, truncation, junk bytes, deep nesting.
    private static Gen<Func<string, byte[]>> TextBreakage { get; } = Gen.Frequency(
        (12, Gen.Constant<Func<string, byte[]>>(json => Encoding.UTF8.GetBytes(json))),
        (6, Gen.Elements<Func<string, byte[]>>(
        json => Encoding.UTF8.GetBytes("{\"objective\":\"dup\",\"capabilityId\":\"dup.Dup\",\"runId\":\"dup\"," + json.TrimStart()[1..]),
        json => Encoding.UTF8.GetBytes(json[..(json.Length / 2)]),
        json => Encoding.UTF8.GetBytes(json + "}}garbage"),
        json => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)],
        json => [.. Encoding.UTF8.GetBytes(json[..(json.Length / 3)]), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(json[(json.Length / 3)..])],
        json => Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000)),
        json => Encoding.UTF8.GetBytes(json.Replace("\":", "\"\\u0000\":")),
        _ => [],
        _ => Encoding.UTF8.GetBytes("null"))));

    private static Gen<byte[]> Mutated(JsonObject valid) =>
        from mutations in Gen.Choose(1, 3).SelectMany(n => Mutations.ArrayOf(n))
        from breakage in TextBreakage
        select breakage(Apply(valid, mutations));

    private static string Apply(JsonObject valid, IEnumerable<Mutation> mutations)
    {
        var document = valid.DeepClone().AsObject();
        foreach (var mutation in mutations)
        {
            var nodes = Descendants(document).ToList();
            var (parent, key, index) = nodes[mutation.At % nodes.Count];
            switch (mutation.Kind)
            {
                case 0 when parent is JsonObject obj: obj[key!] = mutation.Value?.DeepClone(); break;
                case 0 when parent is JsonArray array: array[index] = mutation.Value?.DeepClone(); break;
                case 1 when parent is JsonObject obj: obj.Remove(key!); break;
                default: (parent as JsonObject ?? document)[mutation.Key] = mutation.Value?.DeepClone(); break;
            }
        }
        return document.ToJsonString();
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Descendants(JsonNode node)
    {
        if (node is JsonObject obj)
            foreach (var (key, child) in obj.ToList())
            {
                yield return (obj, key, -1);
                if (child is not null) foreach (var inner in Descendants(child)) yield return inner;
            }
        else if (node is JsonArray array)
            for (var i = 0; i < array.Count; i++)
            {
                yield return (array, null, i);
                if (array[i] is { } child) foreach (var inner in Descendants(child)) yield return inner;
            }
    }

    // What Kestrel refuses before any application code runs — control characters (CR/LF injection, NUL) or non-ASCII
    // bytes in a header value, a NUL in the path — is not an HTTP request the API could answer (Kestrel closes the
    // connection with a bare 400), so those bytes are not generated there.
    private static string HeaderSafe(string value) =>
        new(value.Where(c => c is >= ' ' and < '\u007f').Take(500).ToArray());

    private static Gen<IReadOnlyList<(string, string)>> HostileHeaders(params string[] names) =>
        Gen.Elements(names).SelectMany(name => HostileString.Select(v => (IReadOnlyList<(string, string)>)[(name, HeaderSafe(v))]))
            .Or(Gen.Constant<IReadOnlyList<(string, string)>>([]));

    private static Gen<string?> ContentTypes { get; } = Gen.Frequency(
        (8, Gen.Constant<string?>("application/json")),
        (1, Gen.Elements<string?>("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null, "application/json; charset=latin1", "application/merge-patch+json")));

    public static Gen<HostileRequest> Envelopes(JsonObject valid) =>
        from body in Mutated(valid)
        from type in ContentTypes
        from headers in HostileHeaders("Idempotency-Key", "x-correlation-id", "Accept", "Authorization")
        select new HostileRequest("envelope", HttpMethod.Post, "/api/v1/flex/run.stream", body, type, headers);

    public static Gen<HostileRequest> Registrations(JsonObject valid) =>
        from body in Mutated(valid)
        from type in ContentTypes
        select new HostileRequest("registration", HttpMethod.Post, "/api/v1/flex/capabilities/register", body, type,
            [("Authorization", $"Bearer {FlexStackFixture.SecondRegistryToken}")]);

    public static Gen<HostileRequest> Resumes(JsonObject valid) =>
        from body in Mutated(valid)
        from type in ContentTypes
        select new HostileRequest("resume", HttpMethod.Post, "/api/v1/flex/run.resume", body, type, []);

    /// Reads, cancels and declines with hostile ids, cursors, filters, headers and methods.
    public static Gen<HostileRequest> Others(string finishedRunId) =>
        from template in Gen.Elements(
            "/api/v1/flex/runs/{0}/stream?after={1}", "/api/v1/flex/runs?status={1}&limit={1}&cursor={1}", "/api/v1/flex/runs/{0}",
            "/api/v1/flex/tasks?runId={1}&status={1}&limit={1}", "/api/v1/flex/hitl/pending?runId={1}", "/api/v1/flex/contracts/{1}",
            "/api/v1/flex/runs/{0}/cancel", "/api/v1/flex/tasks/{0}/decline", "/api/v1/flex/{1}", "/api/v1/flex/capabilities/register")
        from id in Gen.Elements(finishedRunId, Guid.NewGuid().ToString(), "not-a-guid", "00000000-0000-0000-0000-000000000000")
        from value in HostileString
        from method in Gen.Elements(HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch)
        from headers in HostileHeaders("Last-Event-ID", "x-correlation-id", "Authorization", "Accept")
        from body in Gen.Elements<byte[]?>(null, "{}"u8.ToArray(), "{\"reason\":\"\\u0000\"}"u8.ToArray(), "[1,2"u8.ToArray())
        select new HostileRequest("other", method, string.Format(template, id, Uri.EscapeDataString(new string(value.Where(c => c != '\0').Take(300).ToArray()))),
            body, body is null ? null : "application/json", headers);
}
