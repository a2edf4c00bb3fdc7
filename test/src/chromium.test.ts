// Headless Chromium (Debian's, driven by playwright-core): for each probe, a page served from
// 127.0.0.1 in a fresh browser context loads a bundle built with the `browser` condition (so
// @neurite/core's portable build, with no `node:` imports), runs the probe and writes the result
// into the DOM.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundle, nodeImports, probeParts } from './harness/bundle.js';
import { chromiumAvailability, launchChromium, watchPage } from './harness/chromium.js';
import { consumerDir } from './harness/consumer.js';
import { pageRendererPeak, rendererPeaks } from './harness/peak-memory.js';
import { describeRuntime, reportColdStart } from './harness/runtime.js';
import { serveFolder, type StaticServer } from './harness/static-server.js';
import { expectProbe } from './expected.js';


describeRuntime('chromium (headless)', chromiumAvailability(), (executablePath) => {
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
    browser = await launchChromium(executablePath);
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
        const { offsite, errors } = await watchPage(tab, server.url);

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
