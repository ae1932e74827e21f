namespace FlexAspire.Api.Capabilities;

/// The capabilities this API process hosts (executes itself). They register themselves in the registry at start-up.
public interface IHostedCapabilityCatalog
{
    IReadOnlyList<CapabilityRegistration> Registrations { get; }
}
