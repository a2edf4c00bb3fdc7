import { checkLstmForward } from '../checks/lstm.js';
import type { LstmCells } from '../kernel-set.js';
import { ArrayCells } from '../lstm-cells.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Keras LSTM over a whole sequence from zero state; gate order i, f, g (cell candidate), o. */
export function lstmForward(
  x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array,
  h: Float32Array,
  batch: number, steps: number, inDim: number, units: number,
): LstmCells {
  checkLstmForward(x, kernel, recurrentKernel, bias, h, batch, steps, inDim, units);
  const u = units;
  const g4 = 4 * u;
  const c = new Float32Array(batch * steps * u);
  const gates = new Float32Array(batch * steps * g4);
  const z = new Float64Array(g4);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const xo = (b * steps + t) * inDim;
      const prev = (b * steps + t - 1) * u; // h/c offset of step t-1 (unused when t = 0)
      for (let j = 0; j < g4; j++) z[j] = bias[j];
      for (let k = 0; k < inDim; k++) {
        const xv = x[xo + k];
        for (let j = 0; j < g4; j++) z[j] += xv * kernel[k * g4 + j];
      }
      if (t > 0) {
        for (let k = 0; k < u; k++) {
          const hv = h[prev + k];
          for (let j = 0; j < g4; j++) z[j] += hv * recurrentKernel[k * g4 + j];
        }
      }
      const go = (b * steps + t) * g4;
      const so = (b * steps + t) * u;
      for (let j = 0; j < u; j++) {
        const i = sigmoid(z[j]);
        const f = sigmoid(z[u + j]);
        const g = Math.tanh(z[2 * u + j]);
        const o = sigmoid(z[3 * u + j]);
        const cPrev = t > 0 ? c[prev + j] : 0;
        const cNew = f * cPrev + i * g;
        gates[go + j] = i;
        gates[go + u + j] = f;
        gates[go + 2 * u + j] = g;
        gates[go + 3 * u + j] = o;
        c[so + j] = cNew;
        h[so + j] = o * Math.tanh(cNew);
      }
    }
  }
  return new ArrayCells(c, gates, batch, steps, units);
}
