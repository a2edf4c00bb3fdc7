import { checkDim, checkLength } from '../check.js';
import { checkActivation } from '../conv-check.js';
import type { Activation } from '../kernel-set.js';
import { applyActivation } from './fused-activation.js';
import { matmul } from './matmul.js';

/** out = act(x · kernel + bias). */
export function dense(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, rows: number, inDim: number, outDim: number, act: Activation): void {
  const name = 'dense';
  checkDim(name, 'rows', rows);
  checkDim(name, 'inDim', inDim);
  checkDim(name, 'outDim', outDim);
  checkLength(name, 'x', x, rows * inDim);
  checkLength(name, 'kernel', kernel, inDim * outDim);
  checkLength(name, 'out', out, rows * outDim);
  if (bias) checkLength(name, 'bias', bias, outDim);
  checkActivation(name, act);
  matmul(x, kernel, out, 1, rows, inDim, outDim, false, false);
  if (bias) for (let r = 0; r < rows; r++) for (let j = 0; j < outDim; j++) out[r * outDim + j] += bias[j];
  applyActivation(out, act);
}
