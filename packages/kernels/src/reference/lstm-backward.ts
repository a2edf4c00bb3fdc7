import { checkLstmBackward } from '../checks/lstm.js';
import type { LstmCells } from '../kernel-set.js';

/** Backpropagation through time for lstmForward (Keras gate order i, f, g, o). */
export function lstmBackward(
  x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array,
  h: Float32Array, cells: LstmCells, dh: Float32Array,
  dx: Float32Array, dkernel: Float32Array, drecurrentKernel: Float32Array, dbias: Float32Array,
  batch: number, steps: number, inDim: number, units: number,
): void {
  checkLstmBackward(x, kernel, recurrentKernel, h, cells, dh, dx, dkernel, drecurrentKernel, dbias, batch, steps, inDim, units);
  const { c, gates } = cells.read();
  const u = units;
  const g4 = 4 * u;
  dkernel.fill(0);
  drecurrentKernel.fill(0);
  dbias.fill(0);
  const dz = new Float64Array(g4);
  const dhNext = new Float64Array(u); // gradient reaching h_t through step t+1
  const dcNext = new Float64Array(u); // gradient reaching c_t through step t+1
  for (let b = 0; b < batch; b++) {
    dhNext.fill(0);
    dcNext.fill(0);
    for (let t = steps - 1; t >= 0; t--) {
      const so = (b * steps + t) * u;
      const go = (b * steps + t) * g4;
      const prev = so - u;
      for (let j = 0; j < u; j++) {
        const i = gates[go + j];
        const f = gates[go + u + j];
        const g = gates[go + 2 * u + j];
        const o = gates[go + 3 * u + j];
        const tc = Math.tanh(c[so + j]);
        const dhj = dh[so + j] + dhNext[j];
        const dc = dcNext[j] + dhj * o * (1 - tc * tc);
        const cPrev = t > 0 ? c[prev + j] : 0;
        dz[j] = dc * g * i * (1 - i);
        dz[u + j] = dc * cPrev * f * (1 - f);
        dz[2 * u + j] = dc * i * (1 - g * g);
        dz[3 * u + j] = dhj * tc * o * (1 - o);
        dcNext[j] = dc * f;
      }
      for (let j = 0; j < g4; j++) dbias[j] += dz[j];
      const xo = (b * steps + t) * inDim;
      for (let k = 0; k < inDim; k++) {
        let s = 0;
        for (let j = 0; j < g4; j++) {
          dkernel[k * g4 + j] += x[xo + k] * dz[j];
          s += dz[j] * kernel[k * g4 + j];
        }
        dx[xo + k] = s;
      }
      for (let k = 0; k < u; k++) {
        let s = 0;
        for (let j = 0; j < g4; j++) {
          if (t > 0) drecurrentKernel[k * g4 + j] += h[prev + k] * dz[j];
          s += dz[j] * recurrentKernel[k * g4 + j];
        }
        dhNext[k] = s;
      }
    }
  }
}
