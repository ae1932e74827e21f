using Xunit.Abstractions;

namespace FlexAspire.Tests.Spa;

/// The SPA in a real browser (playwright-core driving Debian's Chromium) against the AppHost's own spa resource: the
/// Vite dev server with the popup flag on, proxying /api to the API. The browser side is spa/e2e/run.mjs; these tests
/// run one of its scenarios each and assert its verdict. Screenshots land in TestResults/ (spa-finished.png, ...).
[Collection(StackCollection.Name)]
public sealed class SpaBrowserTests(FlexStackFixture stack, ITestOutputHelper output)
{
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

    private Task<string> RunScenarioAsync(string scenario) => SpaScenario.RunAsync(stack, scenario, output);
}
