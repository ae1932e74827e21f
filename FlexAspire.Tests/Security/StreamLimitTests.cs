using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlexAspire.Tests.Security;

/// Flex:Limits:MaxStreamsPerKey through the API's own pipeline pieces on a real Kestrel host: holding streams open on
/// the stack would need runs that never finish, so the limit is proven here on an endpoint that streams until told.
public sealed class StreamLimitTests
{
    [Fact]
    public async Task A_key_past_its_open_stream_limit_gets_429_naming_the_limit_until_a_stream_closes()
    {
        var release = new TaskCompletionSource();
        await using var app = await StartAsync(release.Task);
        using var client = Client(app, "key-a");
        using var other = Client(app, "key-b");

        using var first = await client.GetAsync("/api/v1/flex/hold", HttpCompletionOption.ResponseHeadersRead);
        using var second = await client.GetAsync("/api/v1/flex/hold", HttpCompletionOption.ResponseHeadersRead);
        using var otherKey = await other.GetAsync("/api/v1/flex/hold", HttpCompletionOption.ResponseHeadersRead);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        second.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await second.Content.ReadAsStringAsync()).ShouldContain("Flex:Limits:MaxStreamsPerKey");
        second.Headers.RetryAfter.ShouldNotBeNull();
        otherKey.StatusCode.ShouldBe(HttpStatusCode.OK, "the limit is per key");

        release.SetResult();
        await first.Content.ReadAsStringAsync();
        var limiter = app.Services.GetRequiredService<StreamLimiter>();
        await Eventually.ShouldBecomeTrueAsync(() => Task.FromResult(limiter.OpenStreams("key-0") == 0), TimeSpan.FromSeconds(5));
        using var third = await client.GetAsync("/api/v1/flex/hold", HttpCompletionOption.ResponseHeadersRead);
        third.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<WebApplication> StartAsync(Task released)
    {
        var builder = LoopbackWebApp.CreateBuilder();
        builder.Configuration["FLEX_ENABLED"] = "true";
        builder.Configuration["Flex:ApiKeys:0"] = "key-a";
        builder.Configuration["Flex:ApiKeys:1"] = "key-b";
        builder.Configuration["Flex:Limits:MaxStreamsPerKey"] = "1";
        builder.AddFlexApi();
        builder.AddFlexSecurity();
        var app = builder.Build();
        app.UseFlexFeatureGate();
        app.UseFlexSecurity();
        app.MapFlexGroup().RequireApiKey().MapGet("/hold", () => new HeldStream(released)).WithStreamLimit();
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app, string key)
    {
        var client = new HttpClient { BaseAddress = app.Address(), Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private sealed class HeldStream(Task released) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync(":\n\n");
            await http.Response.Body.FlushAsync();
            await released.WaitAsync(http.RequestAborted);
        }
    }
}
