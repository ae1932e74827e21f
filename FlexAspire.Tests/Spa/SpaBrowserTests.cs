namespace FlexAspire.Tests.Spa;

/// The SPA in a real browser (playwright-core driving Debian's Chromium) against the AppHost's own spa resource: the
/// Vite dev server with the popup flag on, proxying /api to the API. The browser side is spa/e2e/run.mjs; these tests
/// run one of its scenarios each and assert its verdict. Screenshots land in TestResults/ (spa-finished.png, ...).
[Collection(StackCollection.Name)]
public sealed class SpaBrowserTests(FlexStackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public Task With_the_flag_off_the_page_has_no_Create_Post_Flex_button() => ScenarioShouldPassAsync("flag-off");

    [Fact]
    public async Task The_sample_run_in_the_popup_completes_every_plan_node_and_renders_the_output()
    {
        await ScenarioShouldPassAsync("sample");
        ScreenshotShouldExist("spa-finished.png");
    }

    [Fact]
    public Task A_run_that_pauses_for_approval_completes_after_approving_in_the_popup() => ScenarioShouldPassAsync("approval");

    [Fact]
    public async Task A_run_is_reopened_after_closing_the_popup_reattached_after_a_reload_and_opened_from_the_history()
    {
        await ScenarioShouldPassAsync("history");
        ScreenshotShouldExist("spa-reattached.png");
    }

    [Fact]
    public Task The_output_is_copied_to_the_clipboard_and_downloaded_as_the_runs_JSON() => ScenarioShouldPassAsync("copy-download");

    [Fact]
    public Task The_popup_is_a_modal_dialog_usable_from_the_keyboard() => ScenarioShouldPassAsync("keyboard");

    [Fact]
    public Task Axe_core_finds_no_serious_or_critical_accessibility_violation() => ScenarioShouldPassAsync("axe");

    /// The scenario's verdict is PASS; otherwise the failure names what it saw.
    private async Task ScenarioShouldPassAsync(string scenario)
    {
        var verdict = await SpaScenario.RunAsync(stack, scenario, output);
        verdict.ShouldStartWith("PASS", Case.Sensitive, verdict);
    }

    private static void ScreenshotShouldExist(string name) =>
        File.Exists(Path.Combine(RepositoryRoot.Path, "TestResults", name)).ShouldBeTrue();
}
