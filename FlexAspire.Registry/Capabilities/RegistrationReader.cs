using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexAspire.Registry.Capabilities;

/// Reads the registration body itself instead of relying on parameter binding, whose failures are a bare 400/413:
/// here every failure becomes a problem that names the field (JSON path) or the size limit.
public static class RegistrationReader
{
    /// Exactly one member is set: the registration, a validation problem (400) or a refusal (413, 415).
    public sealed record Outcome(CapabilityRegistration? Registration, ValidationProblem? Invalid = null,
        ProblemHttpResult? Refused = null);

    public static async Task<Outcome> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return new Outcome(null, Refused: TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported Media Type", detail: "Send the registration as application/json."));
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            // Duplicate keys, NULs and broken surrogates first: the same hygiene as every flex body (ContractReader).
            if (JsonHygiene.Check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } problem)
                return new(null, Invalid: TypedResults.ValidationProblem(new Dictionary<string, string[]> { [problem.Field.Length == 0 ? "$" : problem.Field] = [problem.Reason] }));
            // The existing system's registrations (agentType defaulting to ai, no kind): docs/compatibility.md.
            var compatible = RegistrationCompatibility.Rewrite(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            var registration = compatible is not null
                ? JsonSerializer.Deserialize(compatible, FlexJsonContext.Default.CapabilityRegistration)
                : JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), FlexJsonContext.Default.CapabilityRegistration);
            return registration is null
                ? Invalid("$", "the body must be a registration object, not null")
                : new Outcome(registration, null);
        }
        catch (NotSupportedException ex) when (ex.Message.Contains("discriminator", StringComparison.Ordinal))
        {
            return Invalid("$", "a contract needs its 'mode' (json_schema, facets or freeform) first");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new Outcome(null, Refused: TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload Too Large", detail: $"A registration may be at most {maxBytes} bytes."));
        }
        catch (JsonException ex)
        {
            return Invalid(ex.Path ?? "$", Describe(ex, ex.Path ?? "$"));
        }
    }

    private static Outcome Invalid(string path, string message) => new(null,
        Invalid: TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ToField(path)] = [message] }));

    // "$.outputContract.facets[0]" -> "outputContract.facets[0]", the form the validator uses too.
    private static string ToField(string path) => path is "$" ? "$" : path.TrimStart('$').TrimStart('.');

    // System.Text.Json appends "Path: … | LineNumber: …" (the path is already the key) and, for a value of the wrong
    // type, names the enclosing .NET type; say what was expected instead.
    private static string Describe(JsonException ex, string path)
    {
        var field = ToField(path);
        if (EnumFields.TryGetValue(field[(field.LastIndexOf('.') + 1)..], out var allowed))
        {
            return $"'{field}' must be one of: {string.Join(", ", allowed)}";
        }
        if (ex.InnerException is InvalidOperationException inner)
        {
            return $"'{field}' has the wrong JSON type: {inner.Message}";
        }
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static readonly Dictionary<string, string[]> EnumFields = new(StringComparer.Ordinal)
    {
        ["kind"] = [.. WireNames<CapabilityKind>.All],
        ["agentType"] = [.. WireNames<AgentType>.All],
        ["onDecline"] = [.. WireNames<DeclinePolicy>.All],
    };
}
