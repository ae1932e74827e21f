namespace FlexAspire.Tests.Legacy;

/// Flex runs that call the legacy Node server's capabilities.
public static class LegacyTestKit
{
    public static readonly string[] Capabilities = ["legacy.Strategy", "legacy.Generation", "legacy.Qa"];

    /// Waits until the legacy server's capabilities are active in the registry, then runs the social-post sample with a
    /// plan pinned to legacy.Generation to its end (`completed`); returns its frames and the legacy node's node_complete.
    public static async Task<(List<SseFrame> Frames, SseFrame LegacyNode)> RunThroughLegacyGenerationAsync(FlexStackFixture stack)
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            var active = JsonNode.Parse(await registry.GetStringAsync("/api/v1/flex/capabilities?status=active"))!.AsArray();
            return active.Select(c => c!["capabilityId"]!.GetValue<string>()).ToHashSet().IsSupersetOf(Capabilities);
        }, TimeSpan.FromSeconds(60), "the legacy capabilities are active");

        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope["policies"]!["planner"]!["selection"] = new JsonObject
        {
            ["require"] = new JsonArray("legacy.Generation"),
            ["forbid"] = new JsonArray("copywriter.SocialpostDrafting"),
        };
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(envelope.ToJsonString());
        var frames = await SseFrames.ReadUntilCompleteAsync(response);

        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed", frames[^1].Data.ToJsonString());
        var legacyNode = frames.Single(f => f.Type == "node_complete" && f.Data["nodeId"]!.GetValue<string>().StartsWith("legacy.Generation"));
        return (frames, legacyNode);
    }
}
