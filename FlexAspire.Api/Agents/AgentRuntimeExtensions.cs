using FlexAspire.Api.Agents.Catalog;
using FlexAspire.Api.Agents.Invocation;
using FlexAspire.Api.Agents.Model;
using FlexAspire.Api.Agents.Remote;
using FlexAspire.Api.Capabilities;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace FlexAspire.Api.Agents;

public static class AgentRuntimeExtensions
{
    /// The agent runtime: the hosted capability catalog, the model layer (IChatClient), remote capabilities and the
    /// capability invoker (ICapabilityInvoker) the run engine calls.
    public static IHostApplicationBuilder AddAgentRuntime(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<HostedCapabilityCatalog>();
        services.AddSingleton<IHostedCapabilityCatalog>(sp => sp.GetRequiredService<HostedCapabilityCatalog>());

        services.AddOptions<AgentModelOptions>()
            .Bind(builder.Configuration.GetSection(AgentModelOptions.Section))
            .PostConfigure<IConfiguration>(ApplyOpenAiEnvironment)
            .Validate(o => o.Provider.ToLowerInvariant() is "auto" or "openai" or "offline", "Flex:Model:Provider must be auto, openai or offline.")
            .Validate(o => string.IsNullOrWhiteSpace(o.BaseUrl) || Uri.IsWellFormedUriString(o.BaseUrl, UriKind.Absolute), "Flex:Model:BaseUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<AgentRuntimeOptions>()
            .Bind(builder.Configuration.GetSection(AgentRuntimeOptions.Section))
            .Validate(o => o.MaxValidationAttempts >= 1, "Flex:Agents:MaxValidationAttempts must be at least 1.")
            .ValidateOnStart();

        services.AddHttpClient(ChatClientFactory.OpenAiHttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .WithOwnResilience(sp => sp.GetRequiredService<IOptions<AgentModelOptions>>().Value.Resilience);
        services.AddOptions<OutboundOptions>().Bind(builder.Configuration.GetSection(OutboundOptions.Section));
        services.AddSingleton<OutboundPolicy>();
        services.AddHttpClient(RemoteCapabilityClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            // Redirects are followed by RemoteCapabilityClient (same host only); every connection goes through the policy.
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = sp.GetRequiredService<OutboundPolicy>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .WithOwnResilience(sp => sp.GetRequiredService<IOptions<AgentRuntimeOptions>>().Value.RemoteResilience);

        services.AddChatClient(ChatClientFactory.Create)
            .UseOpenTelemetry(sourceName: AgentTelemetry.Name);
        services.AddSingleton<RemoteCapabilityClient>();
        services.AddSingleton<ICapabilityInvoker, CapabilityInvoker>();
        services.AddHostedService<ModelProviderStartupLog>();
        return builder;
    }

    // The usual OpenAI variables fill what the Flex:Model section leaves empty.
    private static void ApplyOpenAiEnvironment(AgentModelOptions options, IConfiguration configuration)
    {
        options.ApiKey = NonEmpty(options.ApiKey) ?? NonEmpty(configuration["OPENAI_API_KEY"]);
        options.BaseUrl = NonEmpty(options.BaseUrl) ?? NonEmpty(configuration["OPENAI_BASE_URL"]);
        if (NonEmpty(configuration[$"{AgentModelOptions.Section}:{nameof(AgentModelOptions.DefaultModel)}"]) is null
            && NonEmpty(configuration["OPENAI_MODEL"]) is { } model)
            options.DefaultModel = model;
    }

    // The client replaces the service defaults' resilience handler with its own, so there is one retry policy.
    // RemoveAllResilienceHandlers is marked experimental, but it is the documented way to do exactly this.
#pragma warning disable EXTEXP0001
    private static void WithOwnResilience(this IHttpClientBuilder client, Func<IServiceProvider, HttpResilienceSettings> settings) =>
        client.RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions o, IServiceProvider sp) => Apply(o, settings(sp)));
#pragma warning restore EXTEXP0001

    private static void Apply(HttpStandardResilienceOptions options, HttpResilienceSettings settings)
    {
        options.Retry.MaxRetryAttempts = Math.Max(1, settings.MaxRetries);
        if (settings.MaxRetries <= 0)
            options.Retry.ShouldHandle = _ => PredicateResult.False();
        options.Retry.Delay = settings.BaseDelay;
        options.Retry.BackoffType = DelayBackoffType.Exponential;
        options.Retry.UseJitter = true;
        options.Retry.ShouldRetryAfterHeader = true;
        options.AttemptTimeout.Timeout = settings.AttemptTimeout;
        options.TotalRequestTimeout.Timeout = settings.TotalTimeout;
        // The standard pipeline's validation requires a sampling window of at least twice the attempt timeout.
        var sampling = settings.AttemptTimeout * 2;
        options.CircuitBreaker.SamplingDuration = sampling > TimeSpan.FromSeconds(30) ? sampling : TimeSpan.FromSeconds(30);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
