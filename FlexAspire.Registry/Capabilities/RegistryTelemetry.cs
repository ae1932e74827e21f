using System.Diagnostics.Metrics;
using FlexAspire.Contracts;

namespace FlexAspire.Registry.Capabilities;

/// The registry's instruments, created on the host's IMeterFactory (a singleton; its spans are the HTTP server's).
/// ServiceDefaults export every `FlexAspire.*` meter.
public sealed class RegistryTelemetry
{
    public const string Name = "FlexAspire.Registry";

    private readonly Counter<long> _registrations;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _heartbeats;

    public RegistryTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _registrations = meter.CreateCounter<long>("flex.registry.registrations", "{registration}",
            "Accepted capability registrations that stored new content (and changed the registry generation).");
        _heartbeats = meter.CreateCounter<long>("flex.registry.heartbeats", "{heartbeat}",
            "Re-registrations with unchanged content: lastSeenAt refreshed, nothing else.");
        _expired = meter.CreateCounter<long>("flex.registry.capabilities.expired", "{capability}",
            "Capabilities marked inactive because their heartbeat lapsed.");
    }

    // Tagged by kind, not by capability id: ids are unbounded and would explode the metric's cardinality.
    public void Registered(string kind) => _registrations.Add(1, new KeyValuePair<string, object?>(TelemetryAttributes.CapabilityKind, kind));

    public void Heartbeat(CapabilityKind kind) =>
        _heartbeats.Add(1, new KeyValuePair<string, object?>(TelemetryAttributes.CapabilityKind, kind.ToWire()));

    public void Expired(int count) => _expired.Add(count);
}
