import { checkLstmPredict } from '../checks/lstm.js';
import { lstmForward } from './lstm-forward.js';

/** lstmForward keeping only h: every step's, or the last step's when !returnSequences. */
export function lstmPredict(
  x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, h: Float32Array,
  batch: number, steps: number, inDim: number, units: number, returnSequences: boolean,
): void {
  checkLstmPredict(x, kernel, recurrentKernel, bias, h, batch, steps, inDim, units, returnSequences);
  const n = batch * steps * units;
  const hs = returnSequences ? h : new Float32Array(n);
  lstmForward(x, kernel, recurrentKernel, bias, hs, batch, steps, inDim, units);
  if (returnSequences) return;
  for (let b = 0; b < batch; b++) h.set(hs.subarray(((b + 1) * steps - 1) * units, (b + 1) * steps * units), b * units);
}
