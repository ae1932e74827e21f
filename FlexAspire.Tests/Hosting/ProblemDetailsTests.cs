using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlexAspire.Tests.Hosting;

/// Every service's global error handling (ServiceDefaults' AddFlexProblemDetails + UseFlexProblemDetails) on a real
/// Kestrel host.
public sealed class ProblemDetailsTests
{
    private const string Secret = "connection string Password=hunter2";

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task An_unexpected_exception_is_a_500_problem_with_the_trace_id_and_its_text_only_in_Development(string environment, bool showsText)
    {
        await using var app = await StartAsync(environment);
        using var client = Client(app);

        using var response = await client.GetAsync("/boom");

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var body = await response.ProblemAsync();
        body["traceId"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        body.ToJsonString().Contains("hunter2").ShouldBe(showsText);
        body.ToJsonString().ShouldNotContain("   at "); // never a stack trace
    }

    [Fact]
    public async Task A_bad_request_thrown_by_the_framework_keeps_its_status_and_bare_status_codes_get_a_problem()
    {
        await using var app = await StartAsync("Production");
        using var client = Client(app);

        using var tooLarge = await client.GetAsync("/too-large");
        using var wrongMethod = await client.DeleteAsync("/boom");

        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await tooLarge.ProblemAsync())["traceId"].ShouldNotBeNull();
        wrongMethod.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await wrongMethod.ProblemAsync())["traceId"].ShouldNotBeNull();
    }

    private static async Task<WebApplication> StartAsync(string environment)
    {
        var builder = LoopbackWebApp.CreateBuilder(environment);
        builder.Services.AddFlexProblemDetails();
        var app = builder.Build();
        app.UseFlexProblemDetails();
        app.MapGet("/boom", string () => throw new InvalidOperationException(Secret));
        app.MapGet("/too-large", string () => throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge));
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app) => new() { BaseAddress = app.Address() };
}
