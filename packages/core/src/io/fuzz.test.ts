/**
 * Property: whatever mutation hits a valid model.json's text or its weight bytes, loadModel either
 * succeeds or throws a typed NeuriteError — never a TypeError/RangeError, a hang, or pollution. A model
 * that loads also predicts or throws a typed error.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { NeuriteError } from '../errors.js';
import type { Sequential } from '../model/sequential.js';
import { Tensor } from '../tensor.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { loadModel } from './load.js';
import { lstmModel, mixedModel } from './test-models.js';

beforeAll(setupBackends);

// Fixed seed for reproducible CI runs; NEURITE_FUZZ_SEED / NEURITE_FUZZ_RUNS explore further.
const SEED = Number(process.env.NEURITE_FUZZ_SEED ?? 20240611);
const RUNS = Number(process.env.NEURITE_FUZZ_RUNS ?? 300);

const CHARS = ['0', '1', '9', '-', '.', '"', ',', ':', '{', '}', '[', ']', 'e', 'n', '_', ' ', 'x', '\\'];
const SNIPPETS = ['__proto__', '"__proto__":{}', 'null', '-1', '0', '1e308', '1e9', '[]', '{}', '"', 'NaN', '99999999', '"constructor"', ',', 'true', '"a"', '[null]'];
const NUMBERS = ['0', '-1', '1e9', '3', '2.5', '1e308', 'null', '"a"', '[]', '{}', '-0', '1e-40', '65536'];

type TextOp =
  | { kind: 'replace'; at: number; char: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'number'; which: number; value: string };

const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at, char: fc.constantFrom(...CHARS) }),
  fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('insert' as const), at, text: fc.constantFrom(...SNIPPETS) }),
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('number' as const), which: fc.nat(), value: fc.constantFrom(...NUMBERS) }),
  fc.record({ kind: fc.constant('number' as const), which: fc.nat(), value: fc.constantFrom(...NUMBERS) }),
);

function mutateText(text: string, ops: TextOp[]): string {
  let s = text;
  for (const op of ops) {
    const i = op.kind === 'number' ? 0 : Math.floor(op.at * s.length);
    if (op.kind === 'replace') s = s.slice(0, i) + op.char + s.slice(i + 1);
    else if (op.kind === 'delete') s = s.slice(0, i) + s.slice(i + op.length);
    else if (op.kind === 'insert') s = s.slice(0, i) + op.text + s.slice(i);
    else if (op.kind === 'truncate') s = s.slice(0, i);
    else {
      const numbers = [...s.matchAll(/-?\d+(\.\d+)?(e-?\d+)?/g)];
      if (numbers.length === 0) continue;
      const m = numbers[op.which % numbers.length];
      s = s.slice(0, m.index) + op.value + s.slice(m.index! + m[0].length);
    }
  }
  return s;
}

type ByteOp =
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; length: number }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'float'; at: number; value: number };

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('append' as const), length: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('flip' as const), at, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('float' as const), at, value: fc.constantFrom(NaN, Infinity, -Infinity, 3e38, -0, 1e-45) }),
);

function mutateBytes(bytes: Uint8Array, ops: ByteOp[]): Uint8Array {
  let b = bytes.slice();
  for (const op of ops) {
    if (op.kind === 'truncate') b = b.slice(0, Math.floor(op.at * b.length));
    else if (op.kind === 'append') {
      const longer = new Uint8Array(b.length + op.length);
      longer.set(b);
      b = longer;
    } else if (b.length >= 4) {
      const i = Math.floor(op.at * b.length);
      if (op.kind === 'flip') b[i] ^= op.mask;
      else new DataView(b.buffer).setFloat32(Math.min(i - (i % 4), b.length - 4), op.value, true);
    }
  }
  return b;
}

/** Loads, then predicts; returns 'loaded' / 'typed error', rethrows anything untyped. */
async function attempt(modelJson: string, weights: Uint8Array, x: Tensor): Promise<string> {
  let model: Sequential;
  try {
    model = await loadModel({ modelJson, weights });
  } catch (e) {
    if (e instanceof NeuriteError) return 'typed error';
    throw new Error(`untyped error from loadModel: ${String(e)}\n${(e as Error)?.stack}`);
  }
  try {
    model.predict(x);
  } catch (e) {
    if (!(e instanceof NeuriteError)) throw new Error(`untyped error from predict of a loaded model: ${String(e)}\n${(e as Error)?.stack}`);
  }
  return 'loaded';
}

const cases: [string, () => Sequential, () => Tensor][] = [
  ['conv / batch norm / depthwise / pooling / dropout / dense', () => mixedModel(1), () => randomTensor([2, 6, 6, 2], 1)],
  ['embedding / lstm / dense', () => lstmModel(2), () => new Tensor(Int32Array.from({ length: 12 }, (_, i) => i % 20), [2, 6], 'int32')],
];

describe('loadModel under mutation (fast-check)', () => {
  for (const [label, make, input] of cases) {
    it(`${label}: model.json text mutations`, async () => {
      const a = await make().save('memory');
      const text = JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] });
      const weights = new Uint8Array(a.weightData as ArrayBuffer);
      const x = input();
      const outcomes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(fc.array(textOp, { minLength: 1, maxLength: 3 }), async (ops) => {
          const outcome = await attempt(mutateText(text, ops), weights, x);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { numRuns: RUNS, seed: SEED },
      );
      // Both branches are exercised: some mutations still load, most are refused.
      expect(outcomes.get('loaded') ?? 0).toBeGreaterThan(0);
      expect(outcomes.get('typed error') ?? 0).toBeGreaterThan(0);
    }, 60_000);

    it(`${label}: weight byte mutations`, async () => {
      const a = await make().save('memory');
      const modelJson = JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] });
      const weights = new Uint8Array(a.weightData as ArrayBuffer);
      const x = input();
      const outcomes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(fc.array(byteOp, { minLength: 1, maxLength: 3 }), async (ops) => {
          const outcome = await attempt(modelJson, mutateBytes(weights, ops), x);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }),
        { numRuns: RUNS, seed: SEED + 1 },
      );
      expect(outcomes.get('loaded') ?? 0).toBeGreaterThan(0);
      expect(outcomes.get('typed error') ?? 0).toBeGreaterThan(0);
    }, 60_000);
  }
});
