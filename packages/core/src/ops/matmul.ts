/** Differentiable matrix multiply (2-D or batched 3-D) and the fused dense op, on kernels. */
import type { Activation } from '@neurite/kernels';
import { ShapeError, formatShape } from '../errors.js';
import { activationArray } from '../activation-pool.js';
import { denseKernelGradientTaken } from './dense-kernel-gradient.js';
import { gradientArray, record } from '../tape.js';
import { Tensor } from '../tensor.js';
import { fusedActivationBackward } from './activations.js';
import { kernel } from './kernel.js';

const f32 = (t: Tensor): Float32Array => (t.data instanceof Float32Array ? t.data : Float32Array.from(t.data));

/** a [m,k] · b [k,n] (or batched [B,m,k]·[B,k,n]); transposeA/B transpose the last two axes first. */
export function matmul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  if (a.rank !== b.rank || (a.rank !== 2 && a.rank !== 3)) {
    throw new ShapeError(`matmul: needs two rank-2 or two rank-3 tensors, got ${formatShape(a.shape)} and ${formatShape(b.shape)}.`);
  }
  const batched = a.rank === 3;
  const batch = batched ? a.shape[0] : 1;
  if (batched && b.shape[0] !== batch) throw new ShapeError(`matmul: batch sizes differ: ${formatShape(a.shape)} vs ${formatShape(b.shape)}.`);
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const kb = transposeB ? bc : br;
  const n = transposeB ? br : bc;
  if (k !== kb) {
    throw new ShapeError(`matmul: inner dimensions differ: ${formatShape(a.shape)}${transposeA ? 'ᵀ' : ''} · ${formatShape(b.shape)}${transposeB ? 'ᵀ' : ''} (${k} vs ${kb}).`);
  }
  const out = new Float32Array(batch * m * n);
  const ad = f32(a);
  const bd = f32(b);
  kernel('matmul')(ad, bd, out, batch, m, k, n, transposeA, transposeB);
  const shape = batched ? [batch, m, n] : [m, n];
  return record(new Tensor(out, shape), [a, b], (dy) => {
    const g = dy.data as Float32Array;
    const da = new Float32Array(a.size);
    const db = new Float32Array(b.size);
    // C = A·B: dA = dC·Bᵀ, dB = Aᵀ·dC, adjusted for the transposes.
    if (!transposeA) kernel('matmul')(g, bd, da, batch, m, n, k, false, !transposeB);
    else kernel('matmul')(bd, g, da, batch, k, n, m, transposeB, true);
    if (!transposeB) kernel('matmul')(ad, g, db, batch, k, m, n, !transposeA, false);
    else kernel('matmul')(g, ad, db, batch, n, m, k, true, transposeA);
    return [new Tensor(da, a.shape), new Tensor(db, b.shape)];
  });
}

/**
 * act(x · kernel + bias) in one fused kernel; x is [..., inDim] (leading axes are flattened),
 * kernel [inDim, outDim], bias [outDim] or null.
 */
export function dense(x: Tensor, weights: Tensor, bias: Tensor | null, act: Activation): Tensor {
  const inDim = weights.shape[0];
  const outDim = weights.shape[1];
  if (x.shape[x.rank - 1] !== inDim) {
    throw new ShapeError(`dense: input ${formatShape(x.shape)} has last dimension ${x.shape[x.rank - 1]} but the kernel ${formatShape(weights.shape)} expects ${inDim}.`);
  }
  const rows = inDim === 0 ? 0 : x.size / inDim;
  const out = activationArray(rows * outDim);
  const xd = f32(x);
  const wd = f32(weights);
  kernel('dense')(xd, wd, bias ? f32(bias) : null, out, rows, inDim, outDim, act);
  const inputs = bias ? [x, weights, bias] : [x, weights];
  return record(new Tensor(out, [...x.shape.slice(0, -1), outDim]), inputs, (dy, needs) => {
    const dz = fusedActivationBackward(act, out, dy.data as Float32Array);
    // gradientArray: the tape keeps these as they are (the kernel gradient is 75 MB in the seed CNN).
    const dx = needs[0] ? gradientArray(x.size) : null;
    // A pool worker may compute the kernel's gradient elsewhere (dense-kernel-gradient.ts).
    const dw = denseKernelGradientTaken(weights, xd, dz, rows) ? null : gradientArray(weights.size);
    if (dx) kernel('matmul')(dz, wd, dx, 1, rows, outDim, inDim, false, true);
    if (dw) kernel('matmul')(xd, dz, dw, 1, inDim, rows, outDim, true, false);
    const grads = [dx ? new Tensor(dx, x.shape) : null, dw ? new Tensor(dw, weights.shape) : null];
    if (bias) {
      const db = gradientArray(outDim);
      kernel('biasGrad')(dz, db, rows, outDim);
      grads.push(new Tensor(db, bias.shape));
    }
    return grads;
  }, true);
}
