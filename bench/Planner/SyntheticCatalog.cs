using FlexAspire.Contracts.Capabilities;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Facets;

namespace FlexAspire.Bench.Planner;

/// A reproducible catalog of `size` capabilities over size/4 facets: every facet has about four alternative
/// producers whose inputs are lower-numbered facets (or the two seed inputs), so the goal (the last facet) is always
/// reachable through a deep graph with many alternatives, and a few percent of the producers are human.
public sealed class SyntheticCatalog
{
    public const string SeedA = "seed_a";
    public const string SeedB = "seed_b";

    public SyntheticCatalog(int size, int seed = 42)
    {
        var random = new Random(seed);
        var facetCount = Math.Max(4, size / 4);
        FacetNames = Enumerable.Range(0, facetCount).Select(i => $"s{i}").ToList();
        Facets = [.. FacetNames.Concat([SeedA, SeedB]).Select(Facet)];
        var capabilities = new List<CapabilityRecord> { Capability("contract.Structurer", [], [], 1500, CapabilityKind.Structuring, AgentType.Ai) };
        for (var i = 0; i < size - 1; i++)
        {
            var target = i % facetCount;
            var pool = FacetNames.Take(target).Concat([SeedA, SeedB]).ToList();
            var inputs = Enumerable.Range(0, random.Next(1, 3)).Select(_ => pool[random.Next(pool.Count)]).Distinct().ToArray();
            // Prefer nearby facets as inputs half of the time, so paths are long rather than all one hop from the seeds.
            if (target > 2 && random.Next(2) == 0)
            {
                inputs = [FacetNames[target - 1 - random.Next(Math.Min(3, target))]];
            }
            var agentType = random.Next(25) == 0 ? AgentType.Human : AgentType.Ai;
            capabilities.Add(Capability($"area{i % 37}.Cap{i}", inputs, [FacetNames[target]], random.Next(100, 5000),
                CapabilityKind.Execution, agentType));
        }
        Capabilities = capabilities;
    }

    public IReadOnlyList<string> FacetNames { get; }
    public IReadOnlyList<FacetDefinition> Facets { get; }
    public IReadOnlyList<CapabilityRecord> Capabilities { get; }
    public string Goal => FacetNames[^1];

    private static FacetDefinition Facet(string name) => new()
    {
        Name = name, Title = name, Description = name,
        Schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { [$"{name}_value"] = new JsonObject { ["type"] = "string" } } },
        Direction = FacetDirection.Bidirectional, RequiredByDefault = false,
    };

    private static CapabilityRecord Capability(string id, string[] inputs, string[] outputs, int tokens, CapabilityKind kind,
        AgentType agentType) => new()
    {
        CapabilityId = id, Version = "1.0.0", DisplayName = id, Summary = id, Kind = kind, AgentType = agentType,
        OutputContract = new FacetsOutputContract { Facets = outputs },
        Cost = new CapabilityCost { EstimatedTokens = tokens },
        Status = CapabilityStatus.Active, RegisteredAt = DateTimeOffset.UnixEpoch, LastSeenAt = DateTimeOffset.UnixEpoch,
        InputFacets = inputs, OutputFacets = outputs,
    };
}
