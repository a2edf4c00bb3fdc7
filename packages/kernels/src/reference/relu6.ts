import { checkUnary } from '../checks/activations.js';

export function relu6(x: Float32Array, out: Float32Array): void {
  checkUnary('relu6', x, out);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    // NaN fails every comparison and is kept; -0 becomes +0, as the wasm kernel's max.
    out[i] = v > 6 ? 6 : v > 0 || v !== v ? v : 0;
  }
}
