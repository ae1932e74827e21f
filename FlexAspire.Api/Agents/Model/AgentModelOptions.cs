namespace FlexAspire.Api.Agents.Model;

/// Configuration section `Flex:Model`. The OPENAI_* environment variables fill whatever the section leaves empty,
/// so the usual OpenAI variables work without knowing flex's configuration keys.
public sealed class AgentModelOptions
{
    public const string Section = "Flex:Model";

    /// `auto` (OpenAI when an API key or a base URL is configured, otherwise offline), `openai` or `offline`.
    public string Provider { get; set; } = "auto";

    /// Falls back to OPENAI_API_KEY.
    public string? ApiKey { get; set; }

    /// An OpenAI-compatible endpoint (vLLM, Ollama, a test fake), e.g. `http://localhost:11434/v1`.
    /// Falls back to OPENAI_BASE_URL. Empty means api.openai.com.
    public string? BaseUrl { get; set; }

    /// Falls back to OPENAI_MODEL.
    public string DefaultModel { get; set; } = "gpt-4o-mini";

    /// Whether a capability's `preferredModels[0]` wins over DefaultModel. Unset: yes against api.openai.com, no
    /// against a custom BaseUrl, whose server rarely serves the OpenAI model names the catalog prefers.
    public bool? UsePreferredModels { get; set; }

    public HttpResilienceSettings Resilience { get; set; } = new();

    /// Simulated latency of each offline model call: benchmarks measure the engine against a slow model with it, and
    /// tests use it to catch a run mid-flight (cancel, restart). Zero by default.
    public TimeSpan OfflineLatency { get; set; }

    public bool UsesOpenAi => Provider.ToLowerInvariant() switch
    {
        "openai" => true,
        "offline" => false,
        _ => !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(BaseUrl),
    };

    public string SelectModel(IReadOnlyList<string>? preferredModels) =>
        (UsePreferredModels ?? string.IsNullOrWhiteSpace(BaseUrl)) && preferredModels is [var first, ..]
            ? first
            : DefaultModel;
}

/// Retry (exponential backoff, honouring Retry-After) on 408/429/5xx, network errors and attempt timeouts.
public sealed class HttpResilienceSettings
{
    public int MaxRetries { get; set; } = 3;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(90);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
