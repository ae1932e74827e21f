using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexAspire.Contracts;
using FlexAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FlexAspire.Tests.Spa;

/// The SPA in a real browser (playwright-core driving Debian's Chromium) against the AppHost's own spa resource: the
/// Vite dev server with the popup flag on, proxying /api to the API. The browser side is spa/e2e/run.mjs; these tests
/// run one of its scenarios each and assert its verdict. Screenshots land in TestResults/ (spa-finished.png, ...).
[Collection(StackCollection.Name)]
public sealed class SpaBrowserTests(FlexStackFixture stack, ITestOutputHelper output)
{
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task With_the_flag_off_the_page_has_no_Create_Post_Flex_button() =>
        (await RunScenarioAsync("flag-off")).ShouldStartWith("PASS");

    [Fact]
    public async Task The_sample_run_in_the_popup_completes_every_plan_node_and_renders_the_output()
    {
        (await RunScenarioAsync("sample")).ShouldStartWith("PASS");
        File.Exists(Path.Combine(RepositoryRoot.Path, "TestResults", "spa-finished.png")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_run_that_pauses_for_approval_completes_after_approving_in_the_popup()
    {
        var verdict = await RunScenarioAsync("approval");
        verdict.ShouldStartWith("PASS", Case.Sensitive, verdict);
    }

    [Fact]
    public async Task A_run_is_reopened_after_closing_the_popup_reattached_after_a_reload_and_opened_from_the_history()
    {
        var verdict = await RunScenarioAsync("history");
        verdict.ShouldStartWith("PASS", Case.Sensitive, verdict);
        File.Exists(Path.Combine(RepositoryRoot.Path, "TestResults", "spa-reattached.png")).ShouldBeTrue();
    }

    [Fact]
    public async Task The_plan_graph_shows_each_node_pending_running_and_completed_with_progress_and_the_event_timeline()
    {
        var verdict = await RunScenarioAsync("plan-states");
        verdict.ShouldStartWith("PASS", Case.Sensitive, verdict);
    }

    [Fact]
    public async Task The_output_is_copied_to_the_clipboard_and_downloaded_as_the_runs_JSON()
    {
        var verdict = await RunScenarioAsync("copy-download");
        verdict.ShouldStartWith("PASS", Case.Sensitive, verdict);
    }

    [Fact]
    public async Task The_popup_is_a_modal_dialog_usable_from_the_keyboard()
    {
        var verdict = await RunScenarioAsync("keyboard");
        verdict.ShouldStartWith("PASS", Case.Sensitive, verdict);
    }

    [Fact]
    public async Task Axe_core_finds_no_serious_or_critical_accessibility_violation()
    {
        var verdict = await RunScenarioAsync("axe");
        verdict.ShouldStartWith("PASS", Case.Sensitive, verdict);
    }

    private async Task<string> RunScenarioAsync(string scenario)
    {
        var spaDirectory = Path.Combine(RepositoryRoot.Path, "spa");
        Directory.Exists(Path.Combine(spaDirectory, "node_modules", "playwright-core")).ShouldBeTrue(
            "spa/node_modules is missing: `./flex test` runs `npm ci` in spa/ first");
        File.Exists("/usr/bin/chromium").ShouldBeTrue("Chromium is missing: `./flex test` installs Debian's chromium");

        var spaUrl = await WaitForSpaAsync();
        using var timeout = new CancellationTokenSource(ScenarioTimeout);
        var start = new ProcessStartInfo("node") { WorkingDirectory = spaDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["e2e/run.mjs", spaUrl.ToString(), scenario]) start.ArgumentList.Add(argument);
        start.Environment["SPA_SCREENSHOTS"] = Path.Combine(RepositoryRoot.Path, "TestResults");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"spa/e2e/run.mjs {scenario} did not finish within {ScenarioTimeout}.");
        }
        var text = await stdout + await stderr;
        output.WriteLine(text);
        process.ExitCode.ShouldBe(0, text);
        return text.Split('\n').Single(line => line.StartsWith($"PASS {scenario}:", StringComparison.Ordinal)
            || line.StartsWith($"SKIP {scenario}:", StringComparison.Ordinal)
            || line.StartsWith($"FAIL {scenario}:", StringComparison.Ordinal));
    }

    private async Task<Uri> WaitForSpaAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await stack.App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Spa, KnownResourceStates.Running, cts.Token);
        var url = stack.App.GetEndpoint(ResourceNames.Spa, "http");
        using var client = new HttpClient { BaseAddress = url };
        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            try { return (await client.GetAsync("/")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60), "the spa resource's Vite dev server should answer");
        return url;
    }
}
