/** Applies a fused `Activation` in place (reference kernels: conv, depthwise, dense). */
import { Activation } from '../kernel-set.js';

export function applyActivation(out: Float32Array, act: Activation): void {
  const n = out.length;
  switch (act) {
    case Activation.Relu:
      for (let i = 0; i < n; i++) if (!(out[i] > 0) && out[i] === out[i]) out[i] = 0;
      break;
    case Activation.Sigmoid:
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-out[i]));
      break;
    case Activation.Tanh:
      for (let i = 0; i < n; i++) out[i] = Math.tanh(out[i]);
      break;
    case Activation.Relu6:
      for (let i = 0; i < n; i++) {
        if (out[i] > 6) out[i] = 6;
        else if (!(out[i] > 0) && out[i] === out[i]) out[i] = 0;
      }
      break;
    default:
      break;
  }
}
