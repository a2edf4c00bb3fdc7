// Headless Chromium (Debian's, driven by playwright-core): for each probe, a page served from
// 127.0.0.1 in a fresh browser context loads a bundle built with the `browser` condition (so
// @neurite/core's portable build, with no `node:` imports), runs the probe and writes the result
// into the DOM.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundle, nodeImports, probeParts } from './harness/bundle.js';
import { consumerDir } from './harness/consumer.js';
import { pageRendererPeak, rendererPeaks } from './harness/peak-memory.js';
import { describeRuntime, reportColdStart, type Availability } from './harness/runtime.js';
import { serveFolder, type StaticServer } from './harness/static-server.js';
import { expectProbe } from './expected.js';

const chromiumPath = process.env.NEURITE_CHROMIUM ?? '/usr/bin/chromium';

function chromium(): Availability {
  if (!existsSync(chromiumPath)) return { ok: false, reason: `${chromiumPath} not found (apt-get install chromium)` };
  return { ok: true, path: chromiumPath };
}

describeRuntime('chromium (headless)', chromium(), (executablePath) => {
  let server: StaticServer;
  let browser: Browser;
  const shots = mkdtempSync(join(tmpdir(), 'neurite-chromium-'));

  // One page per probe: /<part>/index.html loads /<part>/browser-bundle.js.
  beforeAll(async () => {
    const dir = consumerDir();
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const files: Record<string, string> = {};
    for (const part of probeParts) {
      const page = await bundle({ consumerDir: dir, entry: 'browser.js', part, conditions: ['browser'], format: 'esm' });
      expect(nodeImports(page.code), part).toEqual([]);
      files[`${part}/index.html`] = html;
      files[`${part}/browser-bundle.js`] = page.code;
    }
    server = await serveFolder(dir, files);
    const { chromium: launcher } = await import('playwright-core');
    browser = await launcher.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const part of probeParts) {
    it(`${part} probe: renders results computed by WASM into a fresh page`, async () => {
      const context = await browser.newContext();
      try {
        const tab = await context.newPage();
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

        const renderersBefore = rendererPeaks();
        const started = performance.now();
        await tab.goto(`${server.url}${part}/index.html`);
        const result = tab.locator('#result:not([data-state="running"])');
        await result.waitFor({ timeout: 30_000 });
        const shown = performance.now();
        const peakMemory = pageRendererPeak(renderersBefore);
        const text = await result.textContent();
        expect(await result.getAttribute('data-state'), text ?? '').toBe('done');
        const probe = expectProbe(part, JSON.parse(text!), 'portable');
        expect(errors).toEqual([]);
        expect(offsite).toEqual([]);

        await tab.screenshot({ path: join(shots, `${part}.png`), fullPage: true });
        console.log(`[chromium] screenshot: ${join(shots, `${part}.png`)}`);
        reportColdStart('chromium', part, probe.coldStartMs, { label: 'navigation', ms: shown - started }, peakMemory);
      } finally {
        await context.close();
      }
    });
  }
});
