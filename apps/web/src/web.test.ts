// The built page in headless Chromium (Debian's, driven by playwright-core), served from
// 127.0.0.1: pick an image, type a sentence, train the stripe convnet; check what the page shows
// against the packages' in-process results, and save a screenshot.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyImage } from '@neurite/image';
import { analyzeSentiment } from '@neurite/text';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawPng } from './test-support/pictures.js';
import { serveFolder } from './test-support/static-server.js';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromiumPath = process.env.NEURITE_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`[web] skipped: ${chromiumPath} not found (apt-get install chromium)`);

describe.skipIf(!hasChromium)('the demo page in Chromium', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  const errors: string[] = [];
  const offsite: string[] = [];
  let page: Page;

  beforeAll(async () => {
    const { build } = await import('vite');
    await build({ root: APP, logLevel: 'warn' });
    const server = await serveFolder(join(APP, 'dist'));
    cleanup.push(() => server.close());
    const { chromium } = await import('playwright-core');
    const browser: Browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    cleanup.push(() => browser.close());
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    // Only our server may be reached: the page must work offline.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url)) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url);
    await page.locator('#status[data-state="ready"]').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('shows a corrupt image as a readable error, not a crash', async () => {
    await page.setInputFiles('#image-input', { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from(drawPng(30, 30).subarray(0, 50)) });
    await page.locator('#image-result[data-state="error"]').waitFor({ timeout: 30_000 });
    expect(await page.textContent('#image-result')).toMatch(/^ImageDecodeError: /);
  });

  it('classifies a picked image: label and confidence as classifyImage computes them, and a saliency map', async () => {
    const png = drawPng(120, 90);
    await page.setInputFiles('#image-input', { name: 'drawn.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    await page.locator('#image-result[data-state="done"]').waitFor({ timeout: 60_000 });
    const expected = await classifyImage(png);
    expect(await page.textContent('#image-label')).toBe(expected.label);
    expect(await page.textContent('#image-confidence')).toBe(`${(100 * expected.confidence).toFixed(1)}%`);
    // The heat map canvas is drawn: not one flat colour.
    const distinct = await page.evaluate(() => {
      const c = document.getElementById('image-saliency') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    });
    expect(distinct).toBeGreaterThan(50);
  });

  it('analyses a typed sentence: label, scores and per-word contributions as analyzeSentiment computes them', async () => {
    const sentence = 'The crew was wonderful but the flight was late';
    await page.fill('#text-input', sentence);
    await page.click('#text-button');
    await page.locator('#text-result[data-state="done"]').waitFor({ timeout: 60_000 });
    const expected = await analyzeSentiment(sentence, { explain: true });
    expect(await page.textContent('#text-label')).toBe(expected.label);
    expect(await page.textContent('#text-confidence')).toBe(`${(100 * expected.confidence).toFixed(1)}%`);
    const words = await page.locator('#text-words .word').evaluateAll((els) => els.map((e) => e.firstChild!.textContent));
    expect(words).toEqual(expected.contributions!.map((c) => c.token));
    expect(words).toEqual(['the', 'crew', 'was', 'wonderful', 'but', 'the', 'flight', 'was', 'late']);
  });

  it('trains the stripe convnet in the page: loss falls, accuracy high, first-layer maps drawn', async () => {
    await page.fill('#train-epochs', '6');
    await page.click('#train-button');
    await page.locator('#train-status[data-state="running"]').waitFor({ timeout: 10_000 });
    await page.locator('#train-status[data-state="done"]').waitFor({ timeout: 150_000 });
    const valAccuracy = Number(await page.textContent('#train-val-accuracy'));
    const loss = Number(await page.textContent('#train-loss'));
    expect(valAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(loss).toBeLessThan(0.4);
    expect(await page.textContent('#feature-caption')).toMatch(/^After epoch 6:/);
    expect(await page.locator('#feature-maps canvas.kernel').count()).toBe(6);
    expect(await page.locator('#feature-maps canvas.feature-map').count()).toBe(12);
    // "The first layers find edges": the filters became orientation-selective.
    const before = Number(await page.getAttribute('#feature-maps', 'data-selectivity-before'));
    const after = Number(await page.getAttribute('#selectivity', 'data-mean'));
    expect(before).toBeLessThan(0.2);
    expect(after).toBeGreaterThan(before + 0.25);

    const dir = process.env.NEURITE_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'neurite-web-'));
    mkdirSync(dir, { recursive: true });
    const shot = join(dir, 'web-demo.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`[web] screenshot: ${shot}`);
  });

  it('raised no page errors and reached nothing but its own server', () => {
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
  });
});
