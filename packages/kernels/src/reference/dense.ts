import { checkDense } from '../checks/matmul.js';
import type { Activation } from '../kernel-set.js';
import { applyActivation } from './fused-activation.js';
import { matmul } from './matmul.js';

/** out = act(x · kernel + bias). */
export function dense(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, rows: number, inDim: number, outDim: number, act: Activation): void {
  checkDense(x, kernel, bias, out, rows, inDim, outDim, act);
  matmul(x, kernel, out, 1, rows, inDim, outDim, false, false);
  if (bias) for (let r = 0; r < rows; r++) for (let j = 0; j < outDim; j++) out[r * outDim + j] += bias[j];
  applyActivation(out, act);
}
