// Helpers of the browser scenarios in run.mjs: where screenshots go, how long a run may take, starting the sample run
// in the popup, waiting for a run status, reading the plan's node states, waiting for a server, finding a free port.
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const spaDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const screenshots = process.env.SPA_SCREENSHOTS ?? join(spaDir, '..', 'TestResults');
export const runTimeout = Number(process.env.SPA_RUN_TIMEOUT_MS ?? 120_000);

// Thrown by a scenario that cannot run against this stack (reported as SKIP, not FAIL).
export class Skip extends Error {}

export async function startSampleRun(browser, spaUrl, requireApproval) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  await page.goto(spaUrl);
  await page.getByRole('button', { name: 'Create Post (Flex)' }).click();
  await page.getByTestId('use-sample').click();
  if (requireApproval) await page.getByTestId('require-approval').check();
  await page.getByTestId('start-run').click();
  return page;
}

export async function waitForStatus(page, status) {
  try {
    await page.waitForFunction(
      (s) => ['completed', 'failed', 'cancelled'].includes(document.querySelector('[data-testid=run-status]')?.textContent?.trim()) ||
        document.querySelector('[data-testid=run-status]')?.textContent?.trim() === s,
      status, { timeout: runTimeout });
  } finally {
    await page.getByTestId('flex-popup').screenshot({ path: join(screenshots, `spa-last-${status}.png`) }).catch(() => {});
  }
  const actual = (await page.getByTestId('run-status').textContent())?.trim();
  if (actual !== status) {
    const failure = await page.locator('[data-testid=run-error],[data-testid=run-failure]').allTextContents();
    throw new Error(`run ended ${actual}, expected ${status} ${failure.join(' ')}`);
  }
}

export const nodeStatuses = (page) => page.locator('[data-node-id]').evaluateAll((els) =>
  els.map((el) => ({ id: el.getAttribute('data-node-id'), status: el.getAttribute('data-status') })));

export async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}
