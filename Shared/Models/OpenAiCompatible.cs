using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace FlexAspire.Models;

/// The official OpenAI SDK's chat client for any OpenAI-compatible endpoint (tests use a loopback fake), for every
/// service that calls a model. The SDK's own retries are turned off in `options`: each service has its one policy
/// elsewhere (the API's resilience handler; the planner falls back to its deterministic plan at once).
internal static class OpenAiCompatible
{
    // Local OpenAI-compatible servers ignore the key, but the SDK insists on one.
    private const string PlaceholderKey = "no-key-needed";

    public static IChatClient CreateChatClient(string? endpoint, string? apiKey, string model, OpenAIClientOptions options)
    {
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            options.Endpoint = new Uri(endpoint);
        }
        var key = string.IsNullOrWhiteSpace(apiKey) ? PlaceholderKey : apiKey;
        return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(model).AsIChatClient();
    }
}
