namespace FlexAspire.Planner.Planning;

/// Configuration section `Planner`.
public sealed class PlannerOptions
{
    public const string Section = "Planner";

    /// The chat model of the LLM planner; without a model name the deterministic planner is the only planner.
    public PlannerModelOptions Model { get; set; } = new();

    /// LLM drafts asked per request (the first plus re-asks with diagnostics) before the deterministic fallback.
    public int MaxDraftAttempts { get; set; } = 2;

    /// Base address of the registry; service discovery resolves `registry` to the AppHost's registry resource.
    public Uri RegistryBaseAddress { get; set; } = new("http://registry");

    /// How often the planner asks the registry whether its generation changed (a conditional GET; 304 when not).
    /// Bounds how long a registration, deregistration or lapse takes to reach planning: this plus one fetch.
    public TimeSpan RegistryRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// When the registry has not answered for this long, planning refuses (503) instead of using the old snapshot.
    public TimeSpan RegistryMaxStaleness { get; set; } = TimeSpan.FromSeconds(30);
}

/// An OpenAI-compatible endpoint: `Endpoint` may be empty for api.openai.com.
public sealed class PlannerModelOptions
{
    public string? Endpoint { get; set; }
    public string? ApiKey { get; set; }
    public string? Name { get; set; }

    /// Per model call. The API's call to the planner has a 30 s budget (standard resilience), and the deterministic
    /// fallback is always there, so the planner never waits long on a model.
    public int TimeoutSeconds { get; set; } = 12;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Name);
}
