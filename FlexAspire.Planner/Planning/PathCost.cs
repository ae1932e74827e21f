namespace FlexAspire.Planner.Planning;

/// The price of producing a facet, compared lexicographically: policy first (avoided or not-preferred capabilities),
/// then human steps (a run should normally finish without waiting for a person), then estimated tokens.
/// Additive, so a path's cost is the sum of its capabilities' costs.
public readonly record struct PathCost(int Policy, int Humans, long Tokens) : IComparable<PathCost>
{
    public static PathCost Zero => default;

    public static PathCost operator +(PathCost a, PathCost b) =>
        new(a.Policy + b.Policy, a.Humans + b.Humans, a.Tokens + b.Tokens);

    public int CompareTo(PathCost other) => (Policy, Humans, Tokens).CompareTo((other.Policy, other.Humans, other.Tokens));

    public static bool operator <(PathCost a, PathCost b) => a.CompareTo(b) < 0;
    public static bool operator >(PathCost a, PathCost b) => a.CompareTo(b) > 0;

    public static PathCost Of(CapabilityRecord capability, SelectionPolicy? selection)
    {
        var policy = 0;
        if (selection?.Avoid?.Contains(capability.CapabilityId) == true)
        {
            policy += 2; // stronger than "not preferred": avoiding is an explicit ask
        }
        if (selection?.Prefer is { Count: > 0 } prefer && !prefer.Contains(capability.CapabilityId))
        {
            policy += 1;
        }
        return new(policy, capability.AgentType == AgentType.Human ? 1 : 0, EstimatedTokens(capability.Cost));
    }

    /// Registrations normally state estimatedTokens; the tier is a coarse stand-in when they do not.
    public static long EstimatedTokens(CapabilityCost? cost) => cost?.EstimatedTokens ?? cost?.Tier switch
    {
        "economy" or "low" => 500,
        "standard" or "medium" => 1500,
        "premium" or "high" => 4000,
        "human" => 0,
        _ => 1000,
    };
}
