using System.Diagnostics.Metrics;

namespace FlexAspire.Registry.Capabilities;

/// The registry's meter; ServiceDefaults exports every `FlexAspire.*` meter.
public sealed class RegistryTelemetry
{
    public const string MeterName = "FlexAspire.Registry";

    private readonly Counter<long> _registrations;
    private readonly Counter<long> _expired;

    public RegistryTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _registrations = meter.CreateCounter<long>("flex.registry.registrations", "{registration}",
            "Accepted capability registrations and heartbeats.");
        _expired = meter.CreateCounter<long>("flex.registry.capabilities.expired", "{capability}",
            "Capabilities marked inactive because their heartbeat lapsed.");
    }

    // Tagged by kind, not by capability id: ids are unbounded and would explode the metric's cardinality.
    public void Registered(string kind) => _registrations.Add(1, new KeyValuePair<string, object?>("flex.capability.kind", kind));

    public void Expired(int count) => _expired.Add(count);
}
