/**
 * The cold-start table: each runtime test appends one JSON line per probe (runtime.ts
 * reportColdStart); the global setup's teardown turns them into markdown, prints it and writes it
 * to test/results/cold-start.md. Measured on whatever machine runs the suite, never asserted.
 * It also shows each probe's peak memory where the runtime lets us read it (peak-memory.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PeakMemory } from './peak-memory.js';

export interface ColdStart {
  runtime: string;
  part: 'kernels' | 'image' | 'text';
  /** In-runtime clock: package import → first result (ms). */
  importToResult: number;
  /** The same from outside the runtime, e.g. 'process wall' (ms). */
  wallLabel: string;
  wallMs: number;
  /** Peak resident memory of the probe's process, where measurable. */
  peakMemory?: PeakMemory;
}

const columns = [
  ['kernels', '@neurite/kernels: import → first kernel result'],
  ['image', '@neurite/image: import → first classifyImage'],
  ['text', '@neurite/text: import → first analyzeSentiment'],
] as const;

const ms = (v: number) => `${Math.round(v)} ms`;
const mb = (r: ColdStart | undefined) => (r?.peakMemory ? `${Math.round(r.peakMemory.bytes / 2 ** 20)}` : '—');

export function coldStartMarkdown(records: ColdStart[]): string {
  const order = ['node ESM', 'node CommonJS', 'deno', 'workerd', 'vercel edge', 'chromium'];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const runtimes = [...new Set(records.map((r) => r.runtime))].sort((a, b) => rank(a) - rank(b));
  const lines = [
    '# Cold start and peak memory per runtime',
    '',
    'Each probe runs in a fresh process, isolate, VM or page. First figure: the runtime\'s own clock from the',
    '`import()` of the package to its first result; in parentheses: the same run seen from outside',
    '(spawn → exit, VM/isolate start → response, navigation → result in the DOM). workerd\'s clock stands',
    'still during a request, so its first figure is measured from outside (request → response).',
    '',
    'Peak memory: the most resident memory (RSS, MiB) the probe\'s process ever held, first result and batch',
    'included. Node and Deno: the probe process\'s getrusage maxRSS, printed at exit (node:process',
    'resourceUsage); workerd: the kernel\'s high-water mark (VmHWM) of the workerd process miniflare started',
    'for the probe, which also runs miniflare\'s small helper workers; Chromium: VmHWM of the page\'s renderer',
    'process. Vercel Edge: not measured, its VM runs inside the test\'s own Node process.',
    '',
    `| runtime | ${columns.map(([, title]) => title).join(' | ')} | peak memory, MiB: kernels / image / text |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} | ---: |`,
  ];
  for (const runtime of runtimes) {
    const found = columns.map(([part]) => records.find((x) => x.runtime === runtime && x.part === part));
    const cells = found.map((r) => (r ? `${ms(r.importToResult)} (${r.wallLabel} ${ms(r.wallMs)})` : '—'));
    lines.push(`| ${runtime} | ${cells.join(' | ')} | ${found.map(mb).join(' / ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** Writes and prints the table; does nothing when no test reported a figure. */
export function writeColdStartTable(log: string, out: string): void {
  if (!existsSync(log)) return;
  const records = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ColdStart);
  if (records.length === 0) return;
  const markdown = coldStartMarkdown(records);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  console.log(`\n${markdown}\n(written to ${out})`);
}
