using FlexAspire.Contracts.Capabilities;

namespace FlexAspire.Planner.Planning;

/// Where the planner reads capabilities from: the registry in the service, an in-memory catalog in tests and benches.
public interface ICapabilitySource
{
    /// Active capabilities only; planning never considers inactive ones.
    Task<IReadOnlyList<CapabilityRecord>> GetActiveAsync(CancellationToken cancellationToken);
}

public sealed class InMemoryCapabilitySource(IEnumerable<CapabilityRecord> capabilities) : ICapabilitySource
{
    private readonly IReadOnlyList<CapabilityRecord> _capabilities = capabilities.ToList();

    public Task<IReadOnlyList<CapabilityRecord>> GetActiveAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CapabilityRecord>>(
            _capabilities.Where(c => c.Status == CapabilityStatus.Active).ToList());
}

/// The registry could not answer; the API turns this into a 503 rather than planning against an empty catalog.
public sealed class CapabilitySourceUnavailableException(string message, Exception? inner = null)
    : Exception(message, inner);
