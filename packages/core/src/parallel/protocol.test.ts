/**
 * Change detection for the workers' model copies: packWeights / samePackedWeights see any single
 * bit that changed (a sign flip of zero included), with Node's native byte comparison and with the
 * plain loop browsers and Deno use.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor.js';
import { Variable } from '../variable.js';
import { packWeights, samePackedWeights } from './protocol.js';

function weights(): Variable[] {
  return [
    new Variable(tensor(new Float32Array([0.5, -1.25, 0, 3]), [2, 2])),
    new Variable(tensor(new Float32Array([0, 0, 0]), [3])),
    new Variable(tensor(new Int32Array([7, -8]), [2], 'int32')),
  ];
}

it('uses the native byte comparison in Node', () => {
  expect(typeof Buffer.compare).toBe('function');
});

for (const native of [true, false]) {
  describe(`samePackedWeights (${native ? 'native compare' : 'JS loop'})`, () => {
    const same = (vars: Variable[], snapshot: ArrayBuffer) => (native ? samePackedWeights(vars, snapshot) : samePackedWeights(vars, snapshot, null));

    it('is true for the packed values and false after any one-bit change', () => {
      const vars = weights();
      const snapshot = packWeights(vars);
      expect(same(vars, snapshot)).toBe(true);
      const changes: [number, number, number][] = [[0, 1, -1.25000012], [1, 2, -0], [0, 2, -0], [2, 1, -9]];
      for (const [w, i, value] of changes) {
        const before = vars[w].data[i];
        vars[w].data[i] = value;
        expect(same(vars, snapshot), `weight ${w}[${i}] = ${value}`).toBe(false);
        vars[w].data[i] = before;
        expect(same(vars, snapshot)).toBe(true);
      }
      expect(same(vars.slice(0, 2), snapshot)).toBe(false);
    });
  });
}

it('packs into a given buffer of the right size', () => {
  const vars = weights();
  const buffer = new ArrayBuffer(9 * 4);
  expect(packWeights(vars, buffer)).toBe(buffer);
  expect(Array.from(new Float32Array(buffer, 0, 4))).toEqual([0.5, -1.25, 0, 3]);
  expect(Array.from(new Int32Array(buffer, 7 * 4, 2))).toEqual([7, -8]);
  expect(packWeights(vars, new ArrayBuffer(4))).not.toBe(buffer);
});
