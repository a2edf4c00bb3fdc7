/** Differentiable element-wise binary ops with broadcasting: add, sub, mul, div, maximum, minimum, pow. */
import { activationArray } from '../activation-pool.js';
import { record } from '../tape.js';
import { Tensor, scalar } from '../tensor.js';
import { broadcastIndex, broadcastShape, reduceToShape, sameShape } from './broadcast.js';

export type TensorOrNumber = Tensor | number;

export function asTensor(x: TensorOrNumber): Tensor {
  return typeof x === 'number' ? scalar(x) : x;
}

type Fwd = (a: number, b: number) => number;
/** Partial derivatives (d out/d a, d out/d b) at (a, b, out). */
type Partials = (a: number, b: number, out: number) => [number, number];

// The forward loops, one function each so V8 optimises each for its own case (one shared
// function with all three loops ran same-shape adds ~8× slower after a scalar add).
function mapRightScalar(f: Fwd, ad: ArrayLike<number>, q: number, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = f(ad[i], q);
}

function mapLeftScalar(f: Fwd, p: number, bd: ArrayLike<number>, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = f(p, bd[i]);
}

function mapIndexed(f: Fwd, ad: ArrayLike<number>, bd: ArrayLike<number>, ia: Int32Array | null, ib: Int32Array | null, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = f(ad[ia ? ia[i] : i], bd[ib ? ib[i] : i]);
}

function binary(name: string, x: TensorOrNumber, y: TensorOrNumber, f: Fwd, partials: Partials): Tensor {
  const a = asTensor(x);
  const b = asTensor(y);
  const shape = broadcastShape(a.shape, b.shape, name);
  const n = shape.reduce((p, d) => p * d, 1);
  const out = new Float32Array(n);
  const ad = a.data;
  const bd = b.data;
  // Index of each output element in an operand (null: the operand has the output's shape). A
  // one-element operand (x + 1, x · 0.5) needs none forward, so its loop skips building them.
  const indexIn = (t: Tensor) => (sameShape(t.shape, shape) ? null : broadcastIndex(t.shape, shape));
  if (b.size === 1 && sameShape(a.shape, shape)) mapRightScalar(f, ad, bd[0], out);
  else if (a.size === 1 && sameShape(b.shape, shape)) mapLeftScalar(f, ad[0], bd, out);
  else mapIndexed(f, ad, bd, indexIn(a), indexIn(b), out);
  const result = new Tensor(out, shape, 'float32');
  return record(result, [a, b], (dy) => {
    const ia = indexIn(a);
    const ib = indexIn(b);
    const ga = new Float32Array(n);
    const gb = new Float32Array(n);
    const g = dy.data;
    for (let i = 0; i < n; i++) {
      const [pa, pb] = partials(ad[ia ? ia[i] : i], bd[ib ? ib[i] : i], out[i]);
      ga[i] = g[i] * pa;
      gb[i] = g[i] * pb;
    }
    return [reduceToShape(new Tensor(ga, shape), a.shape), reduceToShape(new Tensor(gb, shape), b.shape)];
  });
}

export function add(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  if (a instanceof Tensor && b instanceof Tensor && sameShape(a.shape, b.shape)) return addSameShape(a, b);
  return binary('add', a, b, (p, q) => p + q, () => [1, 1]);
}

/**
 * a + b of one shape (a residual connection), in a loop of its own: through `binary`'s shared
 * loops V8 calls the element function out of line, several times slower. The gradient is dy for both.
 */
function addSameShape(a: Tensor, b: Tensor): Tensor {
  const [ad, bd] = [a.data, b.data];
  const out = activationArray(ad.length); // every element is written below
  for (let i = 0; i < out.length; i++) out[i] = ad[i] + bd[i];
  return record(new Tensor(out, a.shape, 'float32'), [a, b], (dy) => [dy, dy]);
}

export function sub(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return binary('sub', a, b, (p, q) => p - q, () => [1, -1]);
}

export function mul(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return binary('mul', a, b, (p, q) => p * q, (p, q) => [q, p]);
}

export function div(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return binary('div', a, b, (p, q) => p / q, (p, q) => [1 / q, -p / (q * q)]);
}

/** Element-wise max; the gradient goes to a where a ≥ b (ties to a). */
export function maximum(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return binary('maximum', a, b, (p, q) => (p >= q ? p : q), (p, q) => (p >= q ? [1, 0] : [0, 1]));
}

/** Element-wise min; the gradient goes to a where a ≤ b (ties to a). */
export function minimum(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return binary('minimum', a, b, (p, q) => (p <= q ? p : q), (p, q) => (p <= q ? [1, 0] : [0, 1]));
}

/** a^b; the gradient w.r.t. b uses log(a) and is 0 where a ≤ 0. */
export function pow(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return binary('pow', a, b, (p, q) => Math.pow(p, q), (p, q, o) => [q === 0 ? 0 : q * Math.pow(p, q - 1), p > 0 ? o * Math.log(p) : 0]);
}
