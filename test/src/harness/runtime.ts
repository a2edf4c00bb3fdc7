/**
 * Each runtime's suite runs only where its runtime is installed. Elsewhere it is skipped with the
 * reason in its name — except in CI (CI=true), where a missing runtime is a failing test.
 */
import { describe, it } from 'vitest';

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

/** Prints a cold-start figure in one greppable format (measured, never asserted). */
export function reportColdStart(runtime: string, figures: Record<string, number>): void {
  const parts = Object.entries(figures).map(([k, v]) => `${k} ${v.toFixed(1)} ms`);
  console.log(`[cold-start] ${runtime}: ${parts.join(', ')}`);
}
