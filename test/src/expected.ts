/**
 * What the probes (fixtures/probe-<part>.js) must report in every runtime. Kernel values are
 * hand-derived; image and text results must equal, to the last bit, the same probe run on the
 * workspace packages in this Node process (computed once by the global setup): the same input
 * gives the same output in every runtime.
 */
import { expect, inject } from 'vitest';
import type { ProbePart } from './harness/bundle.js';

export interface KernelsProbe {
  part: 'kernels';
  initializedBefore: boolean;
  initialized: boolean;
  backend: string;
  usesWasmSet: boolean;
  heapBytes: number;
  coldStartMs: number;
  results: Record<string, number[]>;
}

interface Scored {
  label: string;
  confidence: number;
  scores: Record<string, number>;
}

export interface ImageProbe {
  part: 'image';
  coldStartMs: number;
  first: Scored;
  batch: Scored[];
}

export interface SentimentResult extends Scored {
  tokens: number;
  truncated: boolean;
  coverage: number;
}

export interface TextProbe {
  part: 'text';
  coldStartMs: number;
  first: SentimentResult;
  batch: SentimentResult[];
  filePathLoad: { name: string; message: string } | null;
}

export type ProbeResult = KernelsProbe | ImageProbe | TextProbe;

/** The image and text results of the probes run in-process on the workspace packages. */
export interface Reference {
  image: Pick<ImageProbe, 'first' | 'batch'>;
  text: Pick<TextProbe, 'first' | 'batch'>;
}

/** Which @neurite/core build the runtime resolves: `default` (Node, Deno) or the portable one. */
export type CoreBuild = 'full' | 'portable';

// Hand-derived: relu(x) = max(x, 0); dx = dy where relu's output > 0.
const expectedKernels: Record<string, number[]> = {
  relu: [0, 0, 0, 0.25, 3, 0, 11],
  reluBackward: [0, 0, 0, 4, 5, 0, 7],
  // Windows of 1..9 (3x3) · [1,2,3,4] are 37, 47, 67, 77; minus 50, then relu.
  conv2d: [0, 0, 17, 27],
};

function expectKernels(result: KernelsProbe): void {
  // The WASM kernels ran: not initialised before `init()`, initialised after, with a real heap.
  expect(result.initializedBefore).toBe(false);
  expect(result.initialized).toBe(true);
  expect(result.backend).toBe('wasm');
  expect(result.usesWasmSet).toBe(true);
  expect(result.heapBytes).toBeGreaterThan(0);
  expect(Object.keys(result.results)).toEqual(expect.arrayContaining(['relu', 'reluBackward']));
  for (const [name, values] of Object.entries(result.results)) {
    expect(expectedKernels[name], `no expected values for '${name}' in expected.ts`).toBeDefined();
    expect(values, name).toEqual(expectedKernels[name]);
  }
}

/** A probability distribution over exactly `labels`, whose winner is `label` with its score as `confidence`. */
function expectScored(r: Scored, labels: readonly string[], what: string): void {
  expect(labels, `${what}: label`).toContain(r.label);
  expect(Object.keys(r.scores).sort(), `${what}: score labels`).toEqual([...labels].sort());
  const values = Object.values(r.scores);
  for (const v of values) expect(v >= 0 && v <= 1, `${what}: score ${v} in [0, 1]`).toBe(true);
  expect(Math.abs(values.reduce((a, b) => a + b, 0) - 1), `${what}: scores sum to 1`).toBeLessThanOrEqual(1e-6);
  expect(r.confidence, `${what}: confidence is the label's score`).toBe(r.scores[r.label]);
  expect(r.confidence, `${what}: the label has the top score`).toBe(Math.max(...values));
}

function expectImage(result: ImageProbe, reference: Reference['image']): void {
  const all = [result.first, ...result.batch];
  expect(all).toHaveLength(4);
  all.forEach((r, i) => {
    expect(Object.keys(r).sort(), `image ${i}: fields`).toEqual(['confidence', 'label', 'scores']);
    expectScored(r, ['cat', 'dog'], `image ${i}`);
  });
  // The same picture as RGBA pixels and as PNG bytes (lossless) classifies identically.
  expect(result.batch[0], 'PNG of picture A = its raw pixels').toEqual(result.first);
  expect(result.batch[2], 'PNG of picture B = its raw RGB pixels').toEqual(result.batch[1]);
  expect({ first: result.first, batch: result.batch }, 'identical to the in-process Node reference').toEqual(reference);
}

function expectText(result: TextProbe, reference: Reference['text'], core: CoreBuild): void {
  const all = [result.first, ...result.batch];
  expect(all).toHaveLength(6);
  all.forEach((r, i) => {
    expect(Object.keys(r).sort(), `text ${i}: fields`).toEqual(['confidence', 'coverage', 'label', 'scores', 'tokens', 'truncated']);
    expectScored(r, ['negative', 'neutral', 'positive'], `text ${i}`);
    expect(Number.isInteger(r.tokens) && r.tokens >= 0, `text ${i}: tokens`).toBe(true);
    expect(r.coverage >= 0 && r.coverage <= 1, `text ${i}: coverage`).toBe(true);
  });
  expect(all.map((r) => r.truncated), 'only the long text is truncated').toEqual([false, false, false, false, true, false]);
  // Documented: a text with no known token is neutral with confidence 1 and coverage 0.
  expect(result.batch[4]).toMatchObject({ label: 'neutral', confidence: 1, coverage: 0 });
  expect({ first: result.first, batch: result.batch }, 'identical to the in-process Node reference').toEqual(reference);

  expect(result.filePathLoad?.name, 'loading by file path fails with a typed error').toBe('ModelIOError');
  if (core === 'portable') {
    expect(result.filePathLoad?.message).toContain('saving/loading by file path needs Node.js (or Deno); pass a URL, in-memory artifacts or a handler');
  } else {
    expect(result.filePathLoad?.message).toMatch(/no such file/);
  }
}

/** Checks a probe's output for `part`; `core` says which @neurite/core build the runtime should have picked. */
export function expectProbe(part: ProbePart, value: unknown, core: CoreBuild): ProbeResult {
  const result = value as ProbeResult;
  expect(result.part).toBe(part);
  expect(result.coldStartMs).toBeGreaterThanOrEqual(0);
  const reference = inject('reference');
  if (result.part === 'kernels') expectKernels(result);
  else if (result.part === 'image') expectImage(result, reference.image);
  else expectText(result, reference.text, core);
  return result;
}

declare module 'vitest' {
  export interface ProvidedContext {
    reference: Reference;
  }
}
