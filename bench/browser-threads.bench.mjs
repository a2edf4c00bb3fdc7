// One thread against kernel threads in headless Chromium (Debian's, driven by playwright-core):
// the seed models' batch inference and training steps in a cross-origin isolated page (served
// with COOP/COEP, so `enableThreads()` gets SharedArrayBuffer and a Web Worker helper). Each side
// runs in a fresh page of its own, alternating; a speed-up is the median of the rounds' ratios.
// The page calls the models on its main thread, which waits for the helper by spinning.
//
//   node bench/browser-threads.bench.mjs [--quick]   # --quick: one short round, nothing written
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { Speedups } from './speedups.mjs';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const WORK = ['seed CNN predict, batch 32', 'seed CNN train step, batch 32, Adam', 'seed LSTM predict, batch 64', 'seed LSTM train step, batch 64, Adam'];
/** Warm-up calls and timed calls per work item. */
const CALLS = args.quick ? [[0, 1], [0, 1], [0, 1], [0, 1]] : [[2, 10], [2, 8], [10, 100], [5, 40]];

// The page: builds the models, times each work item (medians) and writes { ms, status } as JSON.
const PAGE_SCRIPT = `
import { enableThreads, tensor } from '@neurite/core';
import { neuriteSeedCnn, neuriteSeedLstm } from './neurite-models.mjs';
import { images, sequences } from './cases.mjs';
import { medianCallMs } from './speedups.mjs';

const CALLS = ${JSON.stringify(CALLS)};
const out = document.getElementById('result');
try {
  const status = location.hash === '#threads' ? await enableThreads() : { threads: 1, reason: null };
  const asTensor = (t) => tensor(t.data, t.shape, t.dtype ?? 'float32');
  const pictures = images(32), words = sequences(64);
  const cnn = neuriteSeedCnn(), lstm = neuriteSeedLstm();
  const [cx, cy, lx, ly] = [asTensor(pictures.x), asTensor(pictures.y), asTensor(words.x), asTensor(words.y)];
  const work = [
    () => cnn.predict(cx, { batchSize: 32 }),
    () => cnn.trainOnBatch(cx, cy),
    () => lstm.predict(lx, { batchSize: 64 }),
    () => lstm.trainOnBatch(lx, ly),
  ];
  out.textContent = JSON.stringify({ ms: work.map((fn, k) => medianCallMs(fn, ...CALLS[k])), status, isolated: crossOriginIsolated });
  out.dataset.state = 'done';
} catch (error) {
  out.textContent = String(error?.stack ?? error);
  out.dataset.state = 'error';
}
`;

const here = fileURLToPath(new URL('.', import.meta.url));
const bundled = await build({
  stdin: { contents: PAGE_SCRIPT, resolveDir: here, loader: 'js' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['browser'],
  write: false,
  logLevel: 'error',
});
const files = {
  '/index.html': ['text/html', '<!doctype html><meta charset="utf-8"><pre id="result" data-state="running"></pre><script type="module" src="/page.js"></script>'],
  '/page.js': ['text/javascript', bundled.outputFiles[0].text],
};
const server = createServer((req, res) => {
  const file = files[new URL(req.url, 'http://x').pathname];
  if (!file) return res.writeHead(404).end();
  // The two headers that make the page cross-origin isolated (SharedArrayBuffer, shared memory).
  res.writeHead(200, { 'content-type': file[0], 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
  res.end(file[1]);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/index.html`;
const browser = await chromium.launch({
  executablePath: process.env.NEURITE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const version = browser.version();

async function side(name) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${url}#${name}`);
    const result = page.locator('#result:not([data-state="running"])');
    await result.waitFor({ timeout: 600_000 });
    const text = await result.textContent();
    if ((await result.getAttribute('data-state')) !== 'done') throw new Error(`the ${name} page failed: ${text}`);
    return JSON.parse(text);
  } finally {
    await context.close();
  }
}

const rounds = args.quick ? 1 : 5;
const speedups = new Speedups(WORK);
try {
  for (let r = 0; r < rounds; r++) {
    const one = await side('single');
    const two = await side('threads');
    if (two.status.threads !== 2) {
      console.log(`kernel threads are off in the page: ${two.status.reason}`);
      process.exit(0);
    }
    console.log(`round ${r + 1}: ${speedups.add(one.ms, two.ms)}`);
  }
} finally {
  await browser.close();
  server.close();
}
const table = speedups.table();
console.log(`\n${table}`);
if (!args.quick) {
  const header = `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/browser-threads.bench.mjs\` (headless Chromium ${version}, a cross-origin isolated page, the models on its main thread): medians of 8–10 calls after 2 (CNN), 100 after 10 (LSTM predict) or 40 after 5 (LSTM train), in a page with one thread and one with kernel threads (\`enableThreads()\`), ${rounds} alternating rounds.`;
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/browser-threads.md', import.meta.url), `${header}\n\n${table}\n`);
}
