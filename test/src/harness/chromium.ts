/** Debian's Chromium, headless, driven by playwright-core: for the browser tests. */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Availability } from './runtime.js';

const chromiumPath = process.env.NEURITE_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailability(): Availability {
  if (!existsSync(chromiumPath)) return { ok: false, reason: `${chromiumPath} not found (apt-get install chromium)` };
  return { ok: true, path: chromiumPath };
}

/** Headless, no sandbox (root in CI), no background or component-update traffic. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * Lets a page reach only `serverUrl` (anything else is recorded and aborted) and records its
 * uncaught errors; the test expects both lists empty at the end.
 */
export async function watchPage(tab: Page, serverUrl: string): Promise<{ offsite: string[]; errors: string[] }> {
  const offsite: string[] = [];
  const errors: string[] = [];
  await tab.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(serverUrl)) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  tab.on('pageerror', (error) => errors.push(error.message));
  return { offsite, errors };
}
