namespace FlexAspire.Tests.Compatibility;

/// Envelopes shaped like the existing awesomeposter system's (Compatibility/Envelopes), written from its published
/// contracts: its marketing integration run, a HITL pause run, a variants run and its runtime-policy forms.
public static class TsEnvelopes
{
    public const string MarketingRun = "marketing-run.json";
    public const string HitlPauseRun = "hitl-pause-run.json";
    public const string VariantsRun = "variants-run.json";
    public const string RuntimePoliciesRun = "runtime-policies-run.json";

    public static readonly string[] All = [MarketingRun, HitlPauseRun, VariantsRun, RuntimePoliciesRun];

    public static JsonObject Load(string name)
    {
        var envelope = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Compatibility", "Envelopes", name)))!.AsObject();
        // Each run its own objective: nothing is shared between tests (idempotency, history).
        envelope["objective"] = $"{envelope["objective"]!.GetValue<string>()} ({Guid.NewGuid():n})";
        return envelope;
    }
}
