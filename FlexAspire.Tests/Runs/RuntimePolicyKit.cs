namespace FlexAspire.Tests.Runs;

/// Runtime policies for the policy tests: a policy object, and a run of the scripted remote capability's pinned
/// envelope carrying it.
internal static class RuntimePolicyKit
{
    public static JsonObject Policy(string id, string trigger, JsonNode? selector, string action, JsonObject? parameters = null)
    {
        var policy = new JsonObject
        {
            ["id"] = id,
            ["trigger"] = new JsonObject { ["kind"] = trigger },
            ["action"] = new JsonObject { ["type"] = action },
        };
        if (selector is not null) policy["trigger"]!["selector"] = selector.DeepClone();
        if (parameters is not null) policy["action"]!["params"] = parameters;
        return policy;
    }

    public static JsonObject Envelope(ScriptedRemoteCapability remote, JsonObject policy)
    {
        var envelope = remote.PinnedEnvelope();
        envelope["policies"]!["runtime"] = new JsonArray(policy);
        return envelope;
    }

    public static async Task<List<SseFrame>> RunAsync(FlexStackFixture stack, ScriptedRemoteCapability remote, JsonObject policy)
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        return await api.RunUntilCompleteAsync(Envelope(remote, policy));
    }

    public static List<string> Types(IEnumerable<SseFrame> frames) => frames.Select(f => f.Type).ToList();
}
