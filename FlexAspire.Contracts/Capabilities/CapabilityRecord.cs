namespace FlexAspire.Contracts.Capabilities;

/// What the registry stores and serves: the registration plus registry-owned state.
public sealed record CapabilityRecord : CapabilityDescriptor
{
    public required CapabilityStatus Status { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public required DateTimeOffset LastSeenAt { get; init; }

    /// Derived from the input/output contracts at registration (facet contracts list them directly).
    public required IReadOnlyList<string> InputFacets { get; init; }
    public required IReadOnlyList<string> OutputFacets { get; init; }
}

public sealed record RegisterCapabilityResponse
{
    public required bool Ok { get; init; }
    public required CapabilityRecord Record { get; init; }
    public required RegistryCounts Registry { get; init; }
}

public sealed record RegistryCounts
{
    public required int Active { get; init; }
    public required int Count { get; init; }
}

/// GET /api/v1/flex/capabilities/generation: the registry generation, which changes whenever the set of active
/// capabilities or a registration's content changes (never on a heartbeat). Listings carry it as their ETag.
public sealed record RegistryGeneration
{
    public required long Generation { get; init; }
}

/// GET /api/v1/flex/capabilities/{id} (registry): the version planners use (newest active, else newest) and every version, newest first.
public sealed record CapabilityVersions
{
    public required string CapabilityId { get; init; }
    public required CapabilityRecord Current { get; init; }
    public required IReadOnlyList<CapabilityRecord> Versions { get; init; }
}
