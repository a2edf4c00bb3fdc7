import { checkDim, checkLength } from './check.js';

/** Shape checks shared by lstmForward and lstmBackward, WASM and reference alike. */
export function checkLstmShapes(
  kernel: string, x: Float32Array, weights: Float32Array, recurrentWeights: Float32Array,
  batch: number, steps: number, inDim: number, units: number,
): void {
  checkDim(kernel, 'batch', batch);
  checkDim(kernel, 'steps', steps);
  checkDim(kernel, 'inDim', inDim);
  checkDim(kernel, 'units', units, 1);
  checkLength(kernel, 'x', x, batch * steps * inDim);
  checkLength(kernel, 'kernel', weights, inDim * 4 * units);
  checkLength(kernel, 'recurrentKernel', recurrentWeights, units * 4 * units);
}
