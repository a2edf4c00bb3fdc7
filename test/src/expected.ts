/** What the probe (fixtures/probe.js) must report in every runtime. */
import { expect } from 'vitest';

export interface ProbeResult {
  initializedBefore: boolean;
  initialized: boolean;
  backend: string;
  usesWasmSet: boolean;
  heapBytes: number;
  coldStartMs: number;
  results: Record<string, number[]>;
}

// Hand-derived: relu(x) = max(x, 0); dx = dy where relu's output > 0.
const expected: Record<string, number[]> = {
  relu: [0, 0, 0, 0.25, 3, 0, 11],
  reluBackward: [0, 0, 0, 4, 5, 0, 7],
  // Windows of 1..9 (3x3) · [1,2,3,4] are 37, 47, 67, 77; minus 50, then relu.
  conv2d: [0, 0, 17, 27],
};

export function expectProbe(value: unknown): ProbeResult {
  const result = value as ProbeResult;
  // The WASM kernels ran: not initialised before `init()`, initialised after, with a real heap.
  expect(result.initializedBefore).toBe(false);
  expect(result.initialized).toBe(true);
  expect(result.backend).toBe('wasm');
  expect(result.usesWasmSet).toBe(true);
  expect(result.heapBytes).toBeGreaterThan(0);
  expect(Object.keys(result.results)).toEqual(expect.arrayContaining(['relu', 'reluBackward']));
  for (const [name, values] of Object.entries(result.results)) {
    expect(expected[name], `no expected values for '${name}' in expected.ts`).toBeDefined();
    expect(values, name).toEqual(expected[name]);
  }
  return result;
}
