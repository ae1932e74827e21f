using System.Text.RegularExpressions;
using FlexAspire.Schemas;

namespace FlexAspire.Registry.Capabilities;

/// A registration that passed every check, with what the registry derives from it.
public sealed record ValidatedRegistration(
    CapabilityRegistration Registration,
    SemanticVersion Version,
    CompiledContract? Input,
    CompiledContract Output,
    int? HeartbeatTimeoutSeconds)
{
    /// The wire spellings (`execution`, `ai`), as stored in their columns.
    public string Kind => WireName(Registration.Kind);
    public string AgentType => WireName(Registration.AgentType);

    private static string WireName<TEnum>(TEnum value) => JsonSerializer.Serialize(value, FlexJson.Options).Trim('"');
}

public readonly record struct SemanticVersion(int Major, int Minor, int Patch);

/// The checks JSON deserialization cannot express (shapes, ranges, facets, schemas). Type errors, unknown fields and
/// missing required fields are refused earlier, while reading the body.
internal static partial class RegistrationValidator
{
    public static ValidatedRegistration? Validate(CapabilityRegistration registration, ValidationErrors errors)
    {
        if (!CapabilityIdPattern().IsMatch(registration.CapabilityId))
        {
            errors.Add("capabilityId", $"'{registration.CapabilityId}' is not a capability id of the form 'area.Name' " +
                                       "(letters, digits, '_' or '-', at most 200 characters)");
        }
        var version = ParseVersion(registration.Version);
        if (version is null)
        {
            errors.Add("version", $"'{registration.Version}' is not a semantic version such as '1.2.3' or '1.2.3-beta.1'");
        }
        RequireText(registration.DisplayName, "displayName", errors);
        RequireText(registration.Summary, "summary", errors);
        CheckHeartbeat(registration.Heartbeat, errors);
        // The API copies these onto each human task, in columns of 200 characters.
        if (registration.AssignmentDefaults is { } assignment)
        {
            if (assignment.Role.Length is 0 or > 200)
                errors.Add("assignmentDefaults.role", "must be 1 to 200 characters");
            if (assignment.AssignedTo is { Length: > 200 })
                errors.Add("assignmentDefaults.assignedTo", "must be at most 200 characters");
            if (assignment.TimeoutSeconds is < 1)
                errors.Add("assignmentDefaults.timeoutSeconds", "must be at least 1");
        }
        if (registration.Invocation is { } invocation
            && !(Uri.TryCreate(invocation.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            errors.Add("invocation.url", $"'{invocation.Url}' is not an absolute http(s) URL");
        }
        if (registration.Cost is { EstimatedTokens: < 0 } or { PricePer1kTokens: < 0 })
        {
            errors.Add("cost", "estimatedTokens and pricePer1kTokens cannot be negative");
        }
        // Facet directions are relative to the flex system: input facets enter it (from callers or people), output
        // facets leave it. An AI capability works inside, so it cannot produce an input facet or consume an output
        // one; a human capability sits on the boundary (it answers what the system asks), so any direction is fine.
        var checkDirections = registration.AgentType == AgentType.Ai;
        var input = registration.InputContract is { } inputContract
            ? ContractCompiler.Compile(inputContract, "inputContract", checkDirections ? FacetDirection.Input : null, errors)
            : null;
        var output = ContractCompiler.Compile(registration.OutputContract, "outputContract",
            checkDirections ? FacetDirection.Output : null, errors);
        if (!errors.IsEmpty || version is null || output is null)
        {
            return null;
        }
        // Without a heartbeat a capability never lapses; without a timeout it lapses after three missed beats.
        var timeout = registration.Heartbeat is { } beat ? beat.TimeoutSeconds ?? 3 * beat.IntervalSeconds : (int?)null;
        return new ValidatedRegistration(registration, version.Value, input, output, timeout);
    }

    private static void CheckHeartbeat(HeartbeatSettings? heartbeat, ValidationErrors errors)
    {
        if (heartbeat is null)
        {
            return;
        }
        if (heartbeat.IntervalSeconds < 1)
        {
            errors.Add("heartbeat.intervalSeconds", "must be at least 1");
        }
        else if (heartbeat.TimeoutSeconds is { } timeout && timeout < heartbeat.IntervalSeconds)
        {
            errors.Add("heartbeat.timeoutSeconds", "must be at least intervalSeconds, or the capability lapses between beats");
        }
    }

    private static void RequireText(string value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "must not be empty");
        }
    }

    private static SemanticVersion? ParseVersion(string version)
    {
        var match = SemVerPattern().Match(version);
        return match.Success && version.Length <= 64
               && int.TryParse(match.Groups["major"].Value, out var major)
               && int.TryParse(match.Groups["minor"].Value, out var minor)
               && int.TryParse(match.Groups["patch"].Value, out var patch)
            ? new SemanticVersion(major, minor, patch)
            : null;
    }

    [GeneratedRegex(@"^(?=.{3,200}$)[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)+$")]
    private static partial Regex CapabilityIdPattern();

    // semver.org's recommended pattern.
    [GeneratedRegex(@"^(?<major>0|[1-9]\d*)\.(?<minor>0|[1-9]\d*)\.(?<patch>0|[1-9]\d*)" +
                    @"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
                    @"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex SemVerPattern();
}
