// Browser end-to-end test of the SPA, with playwright-core driving Debian's Chromium (/usr/bin/chromium).
//   node e2e/run.mjs <spaUrl> [flag-off|sample|approval|history|plan-states|copy-download|keyboard|axe ...]  (default: all)
// <spaUrl> is the Vite dev server the AppHost runs (flag on, /api proxied to the API). `flag-off` starts a second
// Vite dev server of its own with VITE_FLEX_POPUP_ENABLED=false on a free port and stops it afterwards.
// Prints one `PASS|FAIL|SKIP <scenario>: ...` line per scenario and `e2e: N passed, M failed, K skipped`; exits 1 on
// any failure. Screenshots go to $SPA_SCREENSHOTS or <repo>/TestResults.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  Skip, freePort, nodeStatuses, runTimeout, screenshots, spaDir, startSampleRun, waitForHttp, waitForStatus,
} from './helpers.mjs';

const [spaUrl, ...requested] = process.argv.slice(2);
if (!spaUrl) {
  console.error('usage: node e2e/run.mjs <spaUrl> [flag-off|sample|approval ...]');
  process.exit(2);
}
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const scenarios = {
  async 'flag-off'(browser) {
    const port = await freePort();
    const vite = spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--strictPort'], {
      cwd: spaDir,
      env: { ...process.env, PORT: String(port), VITE_FLEX_POPUP_ENABLED: 'false' },
      stdio: 'ignore',
    });
    try {
      const url = `http://127.0.0.1:${port}/`;
      await waitForHttp(url, 30_000);
      const page = await browser.newPage();
      await page.goto(url);
      await page.getByTestId('flex-disabled').waitFor({ timeout: 15_000 });
      const buttons = await page.getByRole('button', { name: 'Create Post (Flex)' }).count();
      if (buttons !== 0) throw new Error(`expected no "Create Post (Flex)" button with the flag off, found ${buttons}`);
      await page.screenshot({ path: join(screenshots, 'spa-flag-off.png') });
      return 'no "Create Post (Flex)" button when VITE_FLEX_POPUP_ENABLED=false';
    } finally {
      vite.kill('SIGTERM');
    }
  },

  async sample(browser) {
    const page = await startSampleRun(browser, spaUrl, false);
    await waitForStatus(page, 'completed');
    const nodes = await nodeStatuses(page);
    const notDone = nodes.filter((n) => n.status !== 'completed');
    if (!nodes.length || notDone.length) throw new Error(`plan nodes not completed: ${JSON.stringify(nodes)}`);
    const headline = (await page.getByTestId('rendered-post').locator('h4').textContent())?.trim();
    if (!headline) throw new Error('the rendered post has no headline');
    const json = JSON.parse(await page.getByTestId('output-json').textContent());
    if (typeof json.post?.copy !== 'string' || !json.post.copy) throw new Error('the output JSON has no post.copy text');
    const trace = await page.getByTestId('trace-link').getAttribute('href');
    if (!/\/traces\/detail\/[0-9a-f]{32}$/.test(trace ?? '')) throw new Error(`unexpected trace link ${trace}`);
    await page.getByTestId('flex-popup').screenshot({ path: join(screenshots, 'spa-finished.png') });
    return `${nodes.length} plan nodes completed, post "${headline.slice(0, 60)}" rendered, trace link ${trace}`;
  },

  async approval(browser) {
    const probe = await fetch(new URL('/api/v1/flex/run.resume', spaUrl), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
    });
    if (probe.status === 404 || probe.status === 405) {
      throw new Skip(`POST /api/v1/flex/run.resume answers ${probe.status}: HITL (run.resume) has not landed in this API yet`);
    }
    const page = await startSampleRun(browser, spaUrl, true);
    const prompt = page.getByTestId('hitl-prompt');
    await prompt.waitFor({ timeout: runTimeout });
    await page.getByTestId('flex-popup').screenshot({ path: join(screenshots, 'spa-approval-prompt.png') });
    await page.getByTestId('hitl-approve').click();
    await waitForStatus(page, 'completed');
    const nodes = await nodeStatuses(page);
    if (nodes.some((n) => n.status !== 'completed')) throw new Error(`plan nodes not completed: ${JSON.stringify(nodes)}`);
    await page.getByTestId('rendered-post').waitFor();
    await page.getByTestId('flex-popup').screenshot({ path: join(screenshots, 'spa-approved.png') });
    return 'the run paused for approval, was approved in the UI and completed';
  },

  async history(browser) {
    const page = await startSampleRun(browser, spaUrl, false);
    await page.getByTestId('run-id').waitFor({ timeout: runTimeout });
    const runId = (await page.getByTestId('run-id').textContent()).trim();
    // Closing the popup leaves the run going; the button brings the same run back.
    await page.getByTestId('close-popup').click();
    if (new URL(page.url()).searchParams.get('run') !== runId) throw new Error(`the URL does not name run ${runId}: ${page.url()}`);
    await page.getByTestId('reopen-run').click();
    const reopened = (await page.getByTestId('run-id').textContent()).trim();
    if (reopened !== runId) throw new Error(`reopening showed run ${reopened}, expected ${runId}`);
    await waitForStatus(page, 'completed');
    // A reload reattaches from the URL: the stream replays from the first frame.
    await page.reload();
    await page.getByTestId('flex-popup').waitFor();
    await waitForStatus(page, 'completed');
    await page.getByTestId('rendered-post').waitFor();
    const nodes = await nodeStatuses(page);
    if (!nodes.length || nodes.some((n) => n.status !== 'completed')) throw new Error(`replayed plan not completed: ${JSON.stringify(nodes)}`);
    await page.getByTestId('flex-popup').screenshot({ path: join(screenshots, 'spa-reattached.png') });
    // The history lists it; opening it from there shows it again.
    await page.getByTestId('close-popup').click();
    const row = page.locator(`[data-testid=run-history] tr[data-run-id="${runId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(screenshots, 'spa-history.png'), fullPage: true });
    await row.getByTestId('history-open').click();
    await waitForStatus(page, 'completed');
    return `run ${runId} reopened after closing, reattached after a reload and opened from the history`;
  },

  async 'plan-states'(browser) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const seen = new Set();
    await page.exposeFunction('recordNodeStatus', (status) => seen.add(status));
    // Every status a plan node shows while the run goes, recorded as the DOM changes (not sampled afterwards).
    await page.addInitScript(() => {
      new MutationObserver((records) => {
        for (const r of records) {
          const targets = r.type === 'attributes' ? [r.target] : [...r.addedNodes].filter((n) => n.querySelectorAll);
          for (const t of targets) for (const el of [t, ...t.querySelectorAll('[data-node-id]')]) {
            if (el.getAttribute?.('data-node-id')) window.recordNodeStatus(el.getAttribute('data-status'));
          }
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await page.goto(spaUrl);
    await page.getByRole('button', { name: 'Create Post (Flex)' }).click();
    await page.getByTestId('use-sample').click();
    await page.getByTestId('start-run').click();
    await waitForStatus(page, 'completed');
    await page.getByTestId('plan').screenshot({ path: join(screenshots, 'spa-plan-graph.png') });
    for (const status of ['pending', 'running', 'completed']) {
      if (!seen.has(status)) throw new Error(`no node was ever shown ${status}; seen: ${[...seen].join(', ')}`);
    }
    const progress = (await page.getByTestId('progress-text').textContent()).trim();
    const nodes = await nodeStatuses(page);
    if (progress !== `${nodes.length}/${nodes.length} steps done`) throw new Error(`progress reads "${progress}"`);
    await page.getByTestId('timeline').locator('summary').click();
    const types = await page.getByTestId('timeline').locator('li').evaluateAll((els) => els.map((e) => e.dataset.type));
    if (types[0] !== 'start' || types.at(-1) !== 'complete') throw new Error(`timeline ${types.join(',')}`);
    return `node states seen: ${[...seen].join(', ')}; progress ${progress}; ${types.length} events in the timeline`;
  },

  async 'copy-download'(browser) {
    const context = await browser.newContext({ acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(spaUrl).origin });
    const page = await startSampleRun(context, spaUrl, false);
    await waitForStatus(page, 'completed');
    const shown = JSON.parse(await page.getByTestId('output-json').textContent());
    await page.getByTestId('copy-output').click();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    if (JSON.stringify(copied) !== JSON.stringify(shown)) throw new Error('the clipboard does not hold the output JSON');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-output').click()]);
    const runId = (await page.getByTestId('run-id').textContent()).trim();
    if (download.suggestedFilename() !== `flex-run-${runId}.json`) throw new Error(`downloaded as ${download.suggestedFilename()}`);
    const saved = JSON.parse(readFileSync(await download.path(), 'utf8'));
    if (JSON.stringify(saved) !== JSON.stringify(shown)) throw new Error('the downloaded file is not the output JSON');
    await context.close();
    return `copied and downloaded ${download.suggestedFilename()}`;
  },

  async keyboard(browser) {
    const page = await browser.newPage();
    await page.goto(spaUrl);
    const opener = page.getByTestId('create-post-flex');
    await opener.focus();
    await page.keyboard.press('Enter');
    const popup = page.getByTestId('flex-popup');
    await popup.waitFor();
    if ((await popup.getAttribute('aria-modal')) !== 'true') throw new Error('the popup is not aria-modal');
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
      const inside = await page.evaluate(() => !!document.activeElement?.closest('[data-testid=flex-popup]'));
      if (!inside) throw new Error(`focus left the popup after ${i + 1} Tab presses`);
    }
    if (await page.locator('[data-testid=live-region][aria-live=polite]').count() !== 1) throw new Error('no polite live region');
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });
    if (!(await opener.evaluate((el) => el === document.activeElement))) throw new Error('focus did not return to the opener');
    return 'Enter opens, Tab and Shift+Tab stay inside the aria-modal popup, Escape closes and focus returns';
  },

  async axe(browser) {
    const page = await startSampleRun(browser, spaUrl, false);
    await waitForStatus(page, 'completed');
    const results = [];
    for (const state of ['run finished', 'form']) {
      if (state === 'form') await page.getByRole('button', { name: 'Edit request' }).click();
      await page.addScriptTag({ content: axeSource });
      const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      if (serious.length) {
        throw new Error(`${state}: ${serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`).join(' | ')}`);
      }
      results.push(`${state}: ${violations.length} minor/moderate`);
    }
    await page.close();
    const home = await browser.newPage();
    await home.goto(spaUrl);
    await home.getByTestId('run-history').waitFor();
    await home.addScriptTag({ content: axeSource });
    const { violations } = await home.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (serious.length) throw new Error(`page: ${serious.map((v) => `${v.id}: ${v.nodes[0].target.join(' ')}`).join(' | ')}`);
    return `no serious or critical axe-core violations (${results.join(', ')}, page: ${violations.length})`;
  },
};

mkdirSync(screenshots, { recursive: true });
// launch() gives every run a fresh temporary profile (playwright refuses an explicit --user-data-dir here).
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  headless: true,
});
const counts = { passed: 0, failed: 0, skipped: 0 };
try {
  for (const name of requested.length ? requested : Object.keys(scenarios)) {
    const scenario = scenarios[name];
    if (!scenario) { console.log(`FAIL ${name}: no such scenario`); counts.failed++; continue; }
    try {
      console.log(`PASS ${name}: ${await scenario(browser)}`);
      counts.passed++;
    } catch (e) {
      if (e instanceof Skip) { console.log(`SKIP ${name}: ${e.message}`); counts.skipped++; }
      else { console.log(`FAIL ${name}: ${e.stack ?? e}`); counts.failed++; }
    }
  }
} finally {
  await browser.close();
}
console.log(`e2e: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(counts.failed ? 1 : 0);
