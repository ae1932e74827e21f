using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlexAspire.Tests.Hosting;

/// The flag is applied by the API's own pipeline pieces (AddFlexApi + UseFlexFeatureGate) on a real Kestrel host.
public sealed class FlexFeatureGateTests
{
    [Theory]
    [InlineData("false", HttpStatusCode.NotFound)]
    [InlineData("true", HttpStatusCode.OK)]
    public async Task FLEX_ENABLED_decides_whether_flex_routes_exist_and_nothing_else_changes(string enabled, HttpStatusCode expected)
    {
        var builder = LoopbackWebApp.CreateBuilder();
        builder.Configuration["FLEX_ENABLED"] = enabled;
        builder.AddFlexApi();
        await using var app = builder.Build();
        app.UseFlexFeatureGate();
        app.MapGet("/health", () => "Healthy");
        app.MapFlexGroup().MapPost("/run.stream", () => TypedResults.Ok());
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = app.Address() };

        using var flex = await client.PostAsync("/api/v1/flex/run.stream", new StringContent("{ malformed"));
        flex.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.NotFound)
        {
            flex.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.StopAsync();
    }
}
