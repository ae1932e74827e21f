namespace FlexAspire.Tests.Security;

/// GET runs/{id} hides secret-looking keys and the configured API keys themselves.
[Collection(StackCollection.Name)]
public sealed class RunRedactionTests(FlexStackFixture stack)
{
    [Fact]
    public async Task A_run_view_redacts_secret_looking_keys_and_the_configured_api_key()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        const string webhookSecret = "whsec-0f9e8d7c6b5a";
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope["constraints"]!["webhookSecret"] = webhookSecret;
        envelope["constraints"]!["crm"] = new JsonObject { ["accessToken"] = "crm-token-123", ["region"] = "eu" };
        envelope["inputs"]!["company_information"]!["tone_of_voice"] = $"Warm; our key is {FlexStackFixture.ApiKey}";

        using var response = await api.StartRunAsync(envelope.ToJsonString());
        var frames = await SseFrames.ReadUntilCompleteAsync(response, TimeSpan.FromSeconds(60));
        var runId = frames[0].Data["runId"]!.GetValue<string>();

        var text = await api.GetStringAsync($"/api/v1/flex/runs/{runId}");
        var run = JsonNode.Parse(text)!;

        text.ShouldNotContain(webhookSecret);
        text.ShouldNotContain("crm-token-123");
        text.ShouldNotContain(FlexStackFixture.ApiKey);
        var constraints = run["envelope"]!["constraints"]!;
        constraints["webhookSecret"]!.GetValue<string>().ShouldBe("[redacted]");
        constraints["crm"]!["accessToken"]!.GetValue<string>().ShouldBe("[redacted]");
        constraints["crm"]!["region"]!.GetValue<string>().ShouldBe("eu");
        constraints["maxTokens"]!.GetValue<int>().ShouldBe(4000);
        run["envelope"]!["inputs"]!["company_information"]!["tone_of_voice"]!.GetValue<string>().ShouldBe("Warm; our key is [redacted]");
    }
}
