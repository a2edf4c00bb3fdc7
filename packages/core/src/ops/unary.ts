/** Differentiable element-wise unary ops (plain loops): neg, exp, log, sqrt, square, abs, clip, hardSigmoid, … */
import { activationArray } from '../activation-pool.js';
import { ValueError } from '../errors.js';
import { record } from '../tape.js';
import { Tensor } from '../tensor.js';

/** `derivative(x, y)` is dy/dx at input x with output y. */
function unary(x: Tensor, f: (v: number) => number, derivative: (v: number, y: number) => number): Tensor {
  const xd = x.data;
  const out = new Float32Array(xd.length);
  for (let i = 0; i < xd.length; i++) out[i] = f(xd[i]);
  const result = new Tensor(out, x.shape, 'float32');
  return record(result, [x], (dy) => {
    const g = new Float32Array(xd.length);
    const d = dy.data;
    for (let i = 0; i < xd.length; i++) g[i] = d[i] * derivative(xd[i], out[i]);
    return [new Tensor(g, x.shape)];
  });
}

export const neg = (x: Tensor): Tensor => unary(x, (v) => -v, () => -1);
export const exp = (x: Tensor): Tensor => unary(x, Math.exp, (_v, y) => y);
export const log = (x: Tensor): Tensor => unary(x, Math.log, (v) => 1 / v);
export const sqrt = (x: Tensor): Tensor => unary(x, Math.sqrt, (_v, y) => 0.5 / y);
export const square = (x: Tensor): Tensor => unary(x, (v) => v * v, (v) => 2 * v);
export const abs = (x: Tensor): Tensor => unary(x, Math.abs, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
/** log(1 + e^x), computed without overflow. */
export const softplus = (x: Tensor): Tensor =>
  unary(x, (v) => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))), (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))));
/** Keras ELU (alpha 1). */
export const elu = (x: Tensor, alpha = 1): Tensor => unary(x, (v) => (v > 0 ? v : alpha * Math.expm1(v)), (v, y) => (v > 0 ? 1 : y + alpha));
export const leakyRelu = (x: Tensor, alpha = 0.2): Tensor => unary(x, (v) => (v > 0 ? v : alpha * v), (v) => (v > 0 ? 1 : alpha));

/** Clamps to [min, max]; the gradient passes only inside the range. */
export function clipByValue(x: Tensor, min: number, max: number): Tensor {
  if (!(min <= max)) throw new ValueError(`clipByValue: min (${min}) must be ≤ max (${max}).`);
  return unary(x, (v) => (v < min ? min : v > max ? max : v), (v) => (v >= min && v <= max ? 1 : 0));
}

/**
 * TF.js / Keras 2 hard sigmoid: clip(0.2·x + 0.5, 0, 1) (Keras 3 uses slope 1/6 instead). The
 * gradient is 0.2 inside [-2.5, 2.5], kinks included, and 0 outside — as TF.js' clipByValue gives.
 */
export const hardSigmoid = (x: Tensor): Tensor =>
  unary(
    x,
    (v) => { const y = 0.2 * v + 0.5; return y < 0 ? 0 : y > 1 ? 1 : y; },
    (v) => { const y = 0.2 * v + 0.5; return y >= 0 && y <= 1 ? 0.2 : 0; },
  );

/** x / (1 + |x|). */
export const softsign = (x: Tensor): Tensor => unary(x, (v) => v / (1 + Math.abs(v)), (v) => 1 / ((1 + Math.abs(v)) * (1 + Math.abs(v))));

/** Multiplies by a constant (no broadcasting bookkeeping). */
export function scale(x: Tensor, factor: number): Tensor {
  return scaleAndShift(x, factor, 0);
}

/**
 * x · factor + offset element-wise, rounded to float32 after each step as two ops would be (the
 * Rescaling layer). A loop of its own: through `unary`, shared by a dozen ops, V8 calls the element
 * function out of line, ~15× slower (2.3 ms for one 224×224 RGB image).
 */
export function scaleAndShift(x: Tensor, factor: number, offset: number): Tensor {
  const xd = x.data;
  const out = activationArray(xd.length); // every element is written below
  if (offset === 0) for (let i = 0; i < xd.length; i++) out[i] = xd[i] * factor;
  else for (let i = 0; i < xd.length; i++) out[i] = Math.fround(xd[i] * factor) + offset;
  return record(new Tensor(out, x.shape, 'float32'), [x], (dy) => {
    const d = dy.data;
    const g = new Float32Array(d.length);
    for (let i = 0; i < d.length; i++) g[i] = d[i] * factor;
    return [new Tensor(g, x.shape)];
  });
}
