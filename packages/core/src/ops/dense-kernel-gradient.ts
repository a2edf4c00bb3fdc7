/**
 * A per-step option of the dense op's backward pass: someone else may take over one kernel's
 * gradient. The pool's workers do for a big kernel (parallel/dense-exchange.ts): instead of each
 * computing the whole kernel's gradient for its part of the batch and summing the halves, they
 * exchange the factors of dW = xᵀ·dz (the layer's input rows and output gradient, far smaller)
 * and each computes only the rows of dW it updates. Unset (the normal case), dense computes dW.
 */
import type { Tensor } from '../tensor.js';

/**
 * Called by the dense backward with its kernel, input rows x [rows, inDim] and the gradient dz
 * [rows, outDim] before the activation (valid only during the call: copy what you keep). Returns
 * true to take the kernel's gradient: dense then computes none (the tape gives a zero stand-in).
 */
export type DenseKernelGradientTaker = (kernel: Tensor, x: Float32Array, dz: Float32Array, rows: number) => boolean;

let taker: DenseKernelGradientTaker | null = null;

/** Runs `fn` (a forward and backward pass) with `take` asked for every dense kernel's gradient. */
export function takingDenseKernelGradients<T>(take: DenseKernelGradientTaker, fn: () => T): T {
  const outer = taker;
  taker = take;
  try {
    return fn();
  } finally {
    taker = outer;
  }
}

/** For the dense backward: true when the kernel's gradient was taken (see DenseKernelGradientTaker). */
export function denseKernelGradientTaken(kernel: Tensor, x: Float32Array, dz: Float32Array, rows: number): boolean {
  return taker !== null && taker(kernel, x, dz, rows);
}
