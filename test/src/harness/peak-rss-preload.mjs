// Preloaded into a probe's process (`node --import <this>`, `deno run --preload <this>`): at exit it
// prints the process's peak resident set size as `NEURITE_PEAK_RSS <bytes> maxRSS`, read by
// harness/peak-memory.ts. Both runtimes implement node:process resourceUsage() (getrusage's
// maxRSS, in KiB); Deno refuses /proc/self/status without --allow-all, so this is the portable way.
import process from 'node:process';

process.on('exit', () => {
  const bytes = process.resourceUsage().maxRSS * 1024;
  if (Number.isFinite(bytes) && bytes > 0) console.log(`NEURITE_PEAK_RSS ${bytes} maxRSS`);
});
