/**
 * Each runtime's suite runs only where its runtime is installed. Elsewhere it is skipped with the
 * reason in its name — except in CI (CI=true), where a missing runtime is a failing test.
 */
import { appendFileSync } from 'node:fs';
import { describe, inject, it } from 'vitest';
import type { ProbePart } from './bundle.js';
import type { ColdStart } from './cold-start.js';
import type { PeakMemory } from './peak-memory.js';

export type Availability = { ok: true; path: string } | { ok: false; reason: string };

export function describeRuntime(name: string, availability: Availability, body: (path: string) => void): void {
  if (availability.ok) {
    describe(name, () => body(availability.path));
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('is installed (required in CI)', () => {
        throw new Error(`${name} is not available in CI: ${availability.reason}`);
      });
    });
  } else {
    console.warn(`[runtime] skipping ${name}: ${availability.reason}`);
    describe.skip(`${name} (skipped: ${availability.reason})`, () => body(''));
  }
}

/**
 * Prints a cold-start figure in one greppable format (measured, never asserted) and logs it for
 * the table the global setup writes at the end. `importToResult`: from the package import to its
 * first result; `wall`: the same seen from outside the runtime (process, VM, isolate or page);
 * `peakMemory`: the probe's peak resident memory where the runtime lets us read it (peak-memory.ts).
 */
export function reportColdStart(runtime: string, part: ProbePart, importToResult: number, wall: { label: string; ms: number }, peakMemory?: PeakMemory): void {
  const record: ColdStart = { runtime, part, importToResult, wallLabel: wall.label, wallMs: wall.ms, peakMemory };
  const memory = peakMemory ? `, peak memory ${(peakMemory.bytes / 2 ** 20).toFixed(1)} MiB (${peakMemory.how})` : '';
  console.log(`[cold-start] ${runtime} ${part}: import→first result ${importToResult.toFixed(1)} ms, ${wall.label} ${wall.ms.toFixed(1)} ms${memory}`);
  appendFileSync(inject('coldStartLog'), JSON.stringify(record) + '\n');
}
