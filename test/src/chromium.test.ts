// Headless Chromium (Debian's, driven by playwright-core): a page served from 127.0.0.1 loads a
// bundle built with the `browser` condition, runs the kernels and writes the result into the DOM.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { bundle } from './harness/bundle.js';
import { consumerDir } from './harness/consumer.js';
import { describeRuntime, reportColdStart, type Availability } from './harness/runtime.js';
import { serveFolder, type StaticServer } from './harness/static-server.js';
import { expectProbe } from './expected.js';

const chromiumPath = process.env.NEURITE_CHROMIUM ?? '/usr/bin/chromium';

function chromium(): Availability {
  if (!existsSync(chromiumPath)) return { ok: false, reason: `${chromiumPath} not found (apt-get install chromium)` };
  return { ok: true, path: chromiumPath };
}

describeRuntime('chromium (headless)', chromium(), (executablePath) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('renders kernel results computed by WASM into the page', async () => {
    const { chromium: launcher } = await import('playwright-core');
    const dir = consumerDir();
    const page = await bundle({ consumerDir: dir, entry: 'browser.js', conditions: ['browser'], format: 'esm' });
    const server: StaticServer = await serveFolder(dir, { 'browser-bundle.js': page.code });
    cleanup.push(() => server.close());

    const browser = await launcher.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    cleanup.push(() => browser.close());
    const tab = await browser.newPage();
    // Only our server may be reached; anything else is recorded and aborted.
    const offsite: string[] = [];
    await tab.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url)) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));

    const started = performance.now();
    await tab.goto(server.url);
    const result = tab.locator('#result:not([data-state="running"])');
    await result.waitFor({ timeout: 20_000 });
    const shown = performance.now();
    const text = await result.textContent();
    expect(await result.getAttribute('data-state'), text ?? '').toBe('done');
    const probe = expectProbe(JSON.parse(text!));
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);

    const shots = mkdtempSync(join(tmpdir(), 'neurite-chromium-'));
    await tab.screenshot({ path: join(shots, 'kernels.png'), fullPage: true });
    console.log(`[chromium] screenshot: ${join(shots, 'kernels.png')}`);
    reportColdStart('chromium', { 'import→first result': probe.coldStartMs, 'navigation→result in DOM': shown - started });
  });
});
