namespace FlexAspire.Tests.Security;

public sealed class SecretRedactorTests
{
    internal const string ConfiguredKey = "configured-api-key-7f3a9c";

    internal static SecretRedactor Redactor() =>
        new(new ApiKeyRing(Options.Create(new FlexOptions { ApiKeys = [ConfiguredKey] })));

    [Theory]
    [InlineData("apiKey", true)]
    [InlineData("api_key", true)]
    [InlineData("accessToken", true)]
    [InlineData("refresh_token", true)]
    [InlineData("clientSecret", true)]
    [InlineData("Authorization", true)]
    [InlineData("dbPassword", true)]
    [InlineData("credentials", true)]
    [InlineData("maxTokens", false)]
    [InlineData("gen_ai.usage.input_tokens", false)]
    [InlineData("tokenCount", false)]
    [InlineData("name", false)]
    public void Secret_looking_keys_are_recognised_and_token_counts_are_not(string key, bool secret) =>
        SecretRedactor.IsSecretKey(key).ShouldBe(secret);

    [Fact]
    public void A_document_loses_secret_values_and_the_configured_key_at_any_depth()
    {
        var document = new JsonObject
        {
            ["crm"] = new JsonObject { ["accessToken"] = "t-1", ["region"] = "eu" },
            ["notes"] = new JsonArray($"use {ConfiguredKey} here", "plain"),
            ["maxTokens"] = 10,
        };

        var redacted = Redactor().Redact(document)!;

        redacted["crm"]!["accessToken"]!.GetValue<string>().ShouldBe(SecretRedactor.Mask);
        redacted["crm"]!["region"]!.GetValue<string>().ShouldBe("eu");
        redacted["notes"]![0]!.GetValue<string>().ShouldBe($"use {SecretRedactor.Mask} here");
        redacted["maxTokens"]!.GetValue<int>().ShouldBe(10);
        document["crm"]!["accessToken"]!.GetValue<string>().ShouldBe("t-1", "the original is left alone");
    }

    [Theory]
    [InlineData("""{"apiKey": "sk-123", "topic": "x"}""", """{"apiKey": "[redacted]", "topic": "x"}""")]
    [InlineData("""prompt: {\"password\":\"hunter2\",\"a\":\"b\"}""", """prompt: {\"password\":\"[redacted]\",\"a\":\"b\"}""")]
    [InlineData("Authorization: Bearer abc.def-ghi", "Authorization: Bearer [redacted]")]
    [InlineData("key " + ConfiguredKey + " leaked", "key [redacted] leaked")]
    [InlineData("""{"maxTokens": "400"}""", """{"maxTokens": "400"}""")]
    public void Free_text_loses_json_secret_pairs_bearer_credentials_and_the_configured_key(string text, string expected) =>
        Redactor().RedactText(text).ShouldBe(expected);
}
