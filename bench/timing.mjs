// Timing helpers: warm up, then report the median of repeated runs of an async closure.

export async function medianMs(run, { warmup = 2, warmupMs = 0, repeats = 7, budgetMs = 20000 } = {}) {
  await warmUp(run, warmup, warmupMs);
  const times = [];
  const start = performance.now();
  while (times.length < repeats) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
    if (performance.now() - start > budgetMs && times.length >= 3) break;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * At least `count` runs and at least `ms` milliseconds of them: WebAssembly functions start in a
 * baseline tier and are optimised only after they have run a while, so a fast call (the LSTM at
 * batch 1, under 1 ms) needs far more than two warm-up runs to be measured at its steady speed.
 */
async function warmUp(run, count, ms) {
  const start = performance.now();
  for (let i = 0; i < count || performance.now() - start < ms; i++) await run();
}

export function formatMs(ms) {
  if (ms === undefined) return '—';
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}

/** "2.31× faster" when a is faster than b, "0.80× (slower)" otherwise. */
export function ratio(neurite, peer) {
  if (neurite === undefined || peer === undefined) return '—';
  const r = peer / neurite;
  return r >= 1 ? `${r.toFixed(2)}× faster` : `${r.toFixed(2)}× (slower)`;
}

/**
 * Like medianMs, but also the median CPU time of the process per run (process.cpuUsage: user +
 * system, all threads). On a machine shared with other jobs the CPU time of a one-thread run moves
 * much less than its wall time, so ratios of CPU times are the steadier comparison there.
 */
export async function measure(run, { warmup = 2, warmupMs = 0, repeats = 7, budgetMs = 20000 } = {}) {
  await warmUp(run, warmup, warmupMs);
  const walls = [];
  const cpus = [];
  const start = performance.now();
  while (walls.length < repeats) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    await run();
    walls.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
    if (performance.now() - start > budgetMs && walls.length >= 3) break;
  }
  return { ms: median(walls), cpuMs: median(cpus) };
}

/** The middle value of `values` (the upper one of the two middle values for an even count). */
export function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
