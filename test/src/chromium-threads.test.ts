// Kernel threads in headless Chromium: a cross-origin isolated page (served with COOP/COEP) runs
// enableThreads() from @neurite/kernels' browser bundle and gets a Web Worker helper on shared
// memory; its split kernel calls give the bits one thread gives. A page without those headers has
// no SharedArrayBuffer, and enableThreads() says how to get it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundle, nodeImports } from './harness/bundle.js';
import { chromiumAvailability, launchChromium, watchPage } from './harness/chromium.js';
import { consumerDir } from './harness/consumer.js';
import { describeRuntime } from './harness/runtime.js';
import { serveFolder, type StaticServer } from './harness/static-server.js';

const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

interface ThreadsProbe {
  crossOriginIsolated: boolean | null;
  status: { threads: number; reason: string | null };
  splitCalls: number;
  sameBits: boolean;
  ms: { oneThread: number; afterEnable: number };
}

describeRuntime('chromium kernel threads (headless)', chromiumAvailability(), (executablePath) => {
  const servers: StaticServer[] = [];
  let files: Record<string, string>;
  let browser: Browser;

  beforeAll(async () => {
    const dir = consumerDir();
    const page = await bundle({ consumerDir: dir, entry: 'browser.js', part: 'threads', conditions: ['browser'], format: 'esm' });
    expect(nodeImports(page.code)).toEqual([]);
    files = { 'index.html': readFileSync(join(dir, 'index.html'), 'utf8'), 'browser-bundle.js': page.code };
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
  });

  async function probe(headers: Record<string, string>): Promise<ThreadsProbe> {
    const server = await serveFolder(consumerDir(), files, headers);
    servers.push(server);
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      const { offsite, errors } = await watchPage(tab, server.url);
      await tab.goto(`${server.url}index.html`);
      const result = tab.locator('#result:not([data-state="running"])');
      await result.waitFor({ timeout: 60_000 });
      const text = (await result.textContent()) ?? '';
      expect(await result.getAttribute('data-state'), text).toBe('done');
      expect(errors).toEqual([]);
      expect(offsite).toEqual([]);
      return JSON.parse(text) as ThreadsProbe;
    } finally {
      await context.close();
    }
  }

  it('on a cross-origin isolated page: a Web Worker helper, calls split, the same bits as one thread', async () => {
    const result = await probe(isolation);
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.status).toEqual({ threads: 2, reason: null });
    expect(result.splitCalls).toBe(2); // the LSTM and the product
    expect(result.sameBits).toBe(true);
    console.log(`[chromium] kernel threads: LSTM + product ${result.ms.oneThread.toFixed(1)} ms on one thread, ${result.ms.afterEnable.toFixed(1)} ms on two`);
  });

  it('without isolation: one thread, and the reason names the headers to send', async () => {
    const result = await probe({});
    expect(result.crossOriginIsolated).toBe(false);
    expect(result.status.threads).toBe(1);
    expect(result.status.reason).toMatch(/Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/);
    expect(result.splitCalls).toBe(0);
    expect(result.sameBits).toBe(true);
  });
});
