import { beforeAll, describe, expect, it } from 'vitest';
import { GradientError } from './errors.js';
import { assertGradients, checkGradients } from './gradient-check.js';
import { mul, sigmoid, sum } from './ops/index.js';
import { record } from './tape.js';
import { Tensor } from './tensor.js';
import { randomTensor, setupBackends } from './testing/oracle.js';

beforeAll(setupBackends);

/** x² with a deliberately wrong backward (x instead of 2x). */
function buggySquare(x: Tensor): Tensor {
  const out = new Tensor(x.data.map((v) => v * v) as Float32Array, x.shape);
  return record(out, [x], (dy) => [new Tensor(dy.data.map((g, i) => g * x.data[i]) as Float32Array, x.shape)]);
}

describe('checkGradients', () => {
  it('accepts correct gradients', () => {
    const r = checkGradients((a, b) => sigmoid(mul(a, b)), [randomTensor([3, 4], 1), randomTensor([4], 2)]);
    expect(r.ok).toBe(true);
    expect(r.inputs).toHaveLength(2);
    expect(r.inputs[0].numeric).toHaveLength(12);
  });
  it('catches a wrong backward pass and names the element', () => {
    const x = randomTensor([5], 3);
    const r = checkGradients(buggySquare, [x]);
    expect(r.ok).toBe(false);
    r.inputs[0].analytic.forEach((a, i) => expect(r.inputs[0].numeric[i]).toBeCloseTo(2 * a, 2));
    expect(() => assertGradients(buggySquare, [x])).toThrow(GradientError);
  });
  it('samples elements with maxElementsPerInput', () => {
    const r = checkGradients((t) => sum(mul(t, t)), [randomTensor([100], 4)], { maxElementsPerInput: 10 });
    expect(r.inputs[0].indices).toHaveLength(10);
    expect(r.ok).toBe(true);
  });
});
