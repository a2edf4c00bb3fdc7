// Bounded local load test of the Worker in workerd (miniflare) on 127.0.0.1: N requests with
// concurrency C, then it stops by itself. Prints requests/s, latency p50/p95/p99 and memory
// (workerd's and this process's resident set) before and after.
//
//   node scripts/load.mjs [--requests 400] [--concurrency 8] [--route mixed|classify|sentiment]
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { encode } from 'fast-png';
import { startWorker } from './harness.mjs';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
    route: { type: 'string', default: 'mixed' },
  },
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(total) || total < 1 || total > 100_000) throw new Error('--requests must be 1..100000');
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new Error('--concurrency must be 1..256');
if (!['mixed', 'classify', 'sentiment'].includes(values.route)) throw new Error('--route must be mixed, classify or sentiment');

/** A 160×120 PNG drawn here (no dataset photos). */
function picture() {
  const w = 160, h = 120, data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const inside = ((x - 70) / 40) ** 2 + ((y - 60) / 35) ** 2 < 1;
    data.set(inside ? [180 + (x % 40), 120, 60, 255] : [60 + y, 150, 200 - x / 2, 255], (y * w + x) * 4);
  }
  return encode({ width: w, height: h, data, channels: 4, depth: 8 });
}
const png = picture();
const sentences = ['The crew was wonderful and we landed early', 'Two hours late and they lost my bag', 'Flight 12 boards at gate 4'];

/** workerd processes started under this one (miniflare spawns it), by /proc. */
function workerdPids() {
  const parent = new Map();
  const names = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(pid, stat.slice(stat.indexOf('(') + 1, close));
      parent.set(pid, stat.slice(close + 2).split(' ')[1]);
    } catch { /* exited meanwhile */ }
  }
  const mine = (pid) => { for (let p = pid; p && p !== '0'; p = parent.get(p)) if (p === String(process.pid)) return true; return false; };
  return [...names].filter(([pid, name]) => name === 'workerd' && pid !== String(process.pid) && mine(pid)).map(([pid]) => pid);
}
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
function memory() {
  return { workerdRssMiB: workerdPids().reduce((s, pid) => s + rssMiB(pid), 0), nodeRssMiB: process.memoryUsage().rss / 2 ** 20 };
}

const worker = await startWorker();
const kindOf = (i) => (values.route === 'mixed' ? (i % 2 === 0 ? 'classify' : 'sentiment') : values.route);
async function send(i) {
  const started = performance.now();
  const response = kindOf(i) === 'classify'
    ? await fetch(`${worker.url}/classify`, { method: 'POST', body: png, headers: { 'content-type': 'image/png' } })
    : await fetch(`${worker.url}/sentiment`, { method: 'POST', body: JSON.stringify({ text: sentences[i % sentences.length] }), headers: { 'content-type': 'application/json' } });
  await response.arrayBuffer();
  return { ms: performance.now() - started, ok: response.status === 200, kind: kindOf(i) };
}

try {
  for (let i = 0; i < 6; i++) await send(i); // warm-up: models loaded, code paths compiled
  const before = memory();
  const results = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) results.push(await send(next++));
  }));
  const seconds = (performance.now() - started) / 1000;
  const after = memory();

  const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const summary = (list) => {
    const ms = list.map((r) => r.ms).sort((a, b) => a - b);
    return { n: list.length, p50: pct(ms, 50).toFixed(1), p95: pct(ms, 95).toFixed(1), p99: pct(ms, 99).toFixed(1) };
  };
  console.log(`${total} requests (${values.route}), concurrency ${concurrency}, 127.0.0.1 → workerd (miniflare)`);
  console.log(`throughput: ${(total / seconds).toFixed(1)} requests/s over ${seconds.toFixed(2)} s; errors: ${results.filter((r) => !r.ok).length}`);
  for (const kind of ['all', 'classify', 'sentiment']) {
    const list = kind === 'all' ? results : results.filter((r) => r.kind === kind);
    if (list.length === 0) continue;
    const s = summary(list);
    console.log(`latency ${kind.padEnd(9)} n=${s.n}  p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms`);
  }
  console.log(`memory before: workerd RSS ${before.workerdRssMiB.toFixed(1)} MiB, node RSS ${before.nodeRssMiB.toFixed(1)} MiB`);
  console.log(`memory after:  workerd RSS ${after.workerdRssMiB.toFixed(1)} MiB, node RSS ${after.nodeRssMiB.toFixed(1)} MiB`);
  if (results.some((r) => !r.ok)) process.exitCode = 1;
} finally {
  await worker.dispose();
}
