using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FlexAspire.Tests.Spa;

/// Runs one scenario of spa/e2e/run.mjs (playwright-core driving Debian's Chromium) against a stack fixture's SPA
/// (FlexStackFixture.SpaResource, started on first use) and returns its verdict line (`PASS name: ...`, `SKIP ...` or
/// `FAIL ...`).
public static class SpaScenario
{
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(4);

    public static async Task<string> RunAsync(FlexStackFixture stack, string scenario, ITestOutputHelper output)
    {
        var spaDirectory = Path.Combine(RepositoryRoot.Path, "spa");
        Directory.Exists(Path.Combine(spaDirectory, "node_modules", "playwright-core")).ShouldBeTrue(
            "spa/node_modules is missing: `./flex test` runs `npm ci` in spa/ first");
        File.Exists("/usr/bin/chromium").ShouldBeTrue("Chromium is missing: `./flex test` installs Debian's chromium");

        var spaUrl = await WaitForSpaAsync(stack);
        var (exitCode, text) = await NodeScript.RunAsync(spaDirectory, ["e2e/run.mjs", spaUrl.ToString(), scenario],
            new Dictionary<string, string> { ["SPA_SCREENSHOTS"] = Path.Combine(RepositoryRoot.Path, "TestResults") }, ScenarioTimeout);
        output.WriteLine(text);
        exitCode.ShouldBe(0, text);
        return text.Split('\n').Single(line => line.StartsWith($"PASS {scenario}:", StringComparison.Ordinal)
            || line.StartsWith($"SKIP {scenario}:", StringComparison.Ordinal)
            || line.StartsWith($"FAIL {scenario}:", StringComparison.Ordinal));
    }

    private static async Task<Uri> WaitForSpaAsync(FlexStackFixture stack)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await stack.StartAsync(ResourceNames.Spa, cts.Token);
        var url = stack.App.GetEndpoint(stack.SpaResource, "http");
        using var client = new HttpClient { BaseAddress = url };
        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            try { return (await client.GetAsync("/")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60), "the spa resource's Vite dev server should answer");
        return url;
    }
}
