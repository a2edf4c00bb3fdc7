import { beforeAll, describe, expect, it } from 'vitest';
import { GradientError } from './errors.js';
import { add, exp, matmul, mul, sum } from './ops/index.js';
import { grad, grads, noGrad, valueAndGrads } from './tape.js';
import { tensor } from './tensor.js';
import { setupBackends } from './testing/oracle.js';
import { Variable } from './variable.js';

beforeAll(setupBackends);

describe('tape', () => {
  it('computes hand-derived gradients, accumulating over reuse', () => {
    const x = tensor([1, 2, 3]);
    // f = Σ x·x + x → df/dx = 2x + 1
    const g = grad((t) => sum(add(mul(t, t), t)))(x);
    expect([...g.data]).toEqual([3, 5, 7]);
  });
  it('differentiates w.r.t. variables through matmul, unused sources get zeros', () => {
    const w = new Variable(tensor([[1, 2], [3, 4]]));
    const unused = new Variable(tensor([5]));
    const x = tensor([[1, 1]]);
    const { value, grads: [gw, gu] } = valueAndGrads(() => sum(matmul(x, w)), [w, unused]);
    expect(value.data[0]).toBe(10);
    expect([...gw.data]).toEqual([1, 1, 1, 1]);
    expect([...gu.data]).toEqual([0]);
  });
  it('respects an explicit upstream gradient and records nothing in noGrad', () => {
    const x = tensor([0, 1]);
    const [g] = valueAndGrads(() => exp(x), [x], tensor([2, 3])).grads;
    expect(g.data[0]).toBeCloseTo(2, 6);
    expect(g.data[1]).toBeCloseTo(3 * Math.E, 5);
    const [z] = grads(() => noGrad(() => exp(x)), [x]);
    expect([...z.data]).toEqual([0, 0]);
    expect(() => noGrad(() => valueAndGrads(() => x, [x]))).toThrow(GradientError);
  });
});
