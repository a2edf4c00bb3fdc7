// Shared by the benches that time one thread against two (kernel-threads, browser-threads): a
// synchronous call's median, and the speed-ups of alternating rounds as a Markdown table. No Node
// imports (timing.mjs has none either): the browser bench bundles it into its page.
import { median } from './timing.mjs';

/** Median milliseconds of `runs` calls of `fn`, after `warmup` calls. */
export function medianCallMs(fn, warmup, runs) {
  for (let i = 0; i < warmup; i++) fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return ms[runs >> 1];
}

/**
 * Per work item, each round's one-thread and two-thread medians; a speed-up is the median of the
 * rounds' ratios, printed with 3 decimals (the targets are thresholds such as 1.70×).
 */
export class Speedups {
  constructor(work) {
    this.work = work;
    this.rounds = work.map(() => ({ one: [], two: [], ratios: [] }));
  }

  /** Adds a round (one ms per work item on each side) and returns its line for the log. */
  add(oneMs, twoMs) {
    this.work.forEach((_, k) => {
      this.rounds[k].one.push(oneMs[k]);
      this.rounds[k].two.push(twoMs[k]);
      this.rounds[k].ratios.push(oneMs[k] / twoMs[k]);
    });
    return this.work.map((w, k) => `${w} ${(oneMs[k] / twoMs[k]).toFixed(3)}×`).join('; ');
  }

  table() {
    const rows = this.work.map((work, k) => {
      const { one, two, ratios } = this.rounds[k];
      return `| ${work} | ${median(one).toFixed(2)} ms | ${median(two).toFixed(2)} ms | ${median(ratios).toFixed(3)}× | ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}× |`;
    });
    return ['| work | 1 thread | kernel threads | speed-up (median) | rounds |', '| --- | ---: | ---: | ---: | --- |', ...rows].join('\n');
  }
}
