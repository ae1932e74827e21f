using System.ClientModel.Primitives;
using FlexAspire.Models;
using Microsoft.Extensions.AI;
using OpenAI;

namespace FlexAspire.Api.Agents.Model;

/// Creates the innermost IChatClient: the OpenAI SDK over an IHttpClientFactory client (whose resilience handler
/// is the one retry policy: the SDK's own retries are off), or the embedded offline model.
internal static class ChatClientFactory
{
    public const string OpenAiHttpClientName = "flex-openai";

    public static IChatClient Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AgentModelOptions>>().Value;
        if (!options.UsesOpenAi)
            return new OfflineChatClient(options.OfflineLatency);

        // The SDK client lives as long as the singleton IChatClient, and so does this HttpClient: acceptable for one
        // fixed endpoint (the factory's handler rotation only matters for DNS changes).
        var httpClient = services.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAiHttpClientName);
        return OpenAiCompatible.CreateChatClient(options.BaseUrl, options.ApiKey, options.DefaultModel, new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClient),
            // The resilience handler's total timeout governs; this only has to stay out of its way.
            NetworkTimeout = options.Resilience.TotalTimeout + TimeSpan.FromSeconds(30),
        });
    }

    public static string Describe(AgentModelOptions options) => options.UsesOpenAi
        ? $"OpenAI-compatible model at {(string.IsNullOrWhiteSpace(options.BaseUrl) ? "api.openai.com" : options.BaseUrl)}, "
          + $"default model {options.DefaultModel}, capability preferredModels {((options.UsePreferredModels ?? string.IsNullOrWhiteSpace(options.BaseUrl)) ? "used" : "ignored")}"
        : "embedded offline model (deterministic, no network); set OPENAI_API_KEY or OPENAI_BASE_URL to use a real model";
}
