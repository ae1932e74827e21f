using System.Reflection;
using FlexAspire.Api.Capabilities;

namespace FlexAspire.Api.Agents.Catalog;

/// The built-in capabilities, read from the embedded `Agents/Catalog/{capabilityId}.json` registrations. Each prompt
/// lives beside its registration as `{capabilityId}.prompt.md` and travels inside the registration as
/// `instructionTemplates.system`, so the registry (and any caller holding only the registration) sees the same prompt.
public sealed class HostedCapabilityCatalog : IHostedCapabilityCatalog
{
    public const string SystemPromptTemplate = "system";
    private const string ResourcePrefix = "FlexAspire.Api.Agents.Catalog.";

    private readonly Lazy<IReadOnlyList<CapabilityRegistration>> _registrations = new(Load);

    public IReadOnlyList<CapabilityRegistration> Registrations => _registrations.Value;

    public CapabilityRegistration? Find(string capabilityId) =>
        Registrations.FirstOrDefault(r => r.CapabilityId == capabilityId);

    private static IReadOnlyList<CapabilityRegistration> Load()
    {
        var assembly = typeof(HostedCapabilityCatalog).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                        && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => LoadOne(assembly, n))
            .ToList()
            .AsReadOnly();
    }

    private static CapabilityRegistration LoadOne(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        var registration = JsonSerializer.Deserialize(stream, FlexJsonContext.Default.CapabilityRegistration)
            ?? throw new InvalidOperationException($"Capability registration {resourceName} is empty.");

        var promptName = $"{ResourcePrefix}{registration.CapabilityId}.prompt.md";
        using var promptStream = assembly.GetManifestResourceStream(promptName)
            ?? throw new InvalidOperationException($"Capability {registration.CapabilityId} has no prompt file ({promptName}).");
        using var reader = new StreamReader(promptStream);
        var templates = registration.InstructionTemplates?.DeepClone().AsObject() ?? [];
        templates[SystemPromptTemplate] = reader.ReadToEnd().Trim();
        return registration with { InstructionTemplates = templates };
    }
}
