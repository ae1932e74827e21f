namespace FlexAspire.Planner.Capabilities;

/// Where the planner reads capabilities from: the registry mirror in the service, an in-memory catalog in tests and
/// benches. Either way a plan gets an index built once per registry generation, never per plan.
public interface ICapabilitySource
{
    /// Active capabilities only; planning never considers inactive ones. `pinned`: capability ids the request
    /// requires; a source that may lag behind the registry checks again before answering without one of them.
    ValueTask<CapabilityIndex> GetIndexAsync(IReadOnlyCollection<string> pinned, CancellationToken cancellationToken);
}

public sealed class InMemoryCapabilitySource(IEnumerable<CapabilityRecord> capabilities) : ICapabilitySource
{
    private readonly CapabilityIndex _index = CapabilityIndex.Build(capabilities);

    public ValueTask<CapabilityIndex> GetIndexAsync(IReadOnlyCollection<string> pinned, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_index);
}

/// The registry could not answer; the API turns this into a 503 rather than planning against an empty catalog.
public sealed class CapabilitySourceUnavailableException(string message, Exception? inner = null)
    : Exception(message, inner);
