import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wasmKernels } from './kernels/index.js';
import { randomFloats } from './test-support.js';
import { enableThreads, threadsStatus } from './threads.js';
import { resetArena } from './scratch.js';
import { initSync, restart } from './wasm-module.js';

// The seed LSTM's first layer, an odd batch (halves of 3 and 4 rows).
const [batch, steps, inDim, units] = [7, 9, 5, 6];
const g4 = 4 * units;

function lstmCase(seed: number) {
  const x = randomFloats(batch * steps * inDim, seed);
  const kernel = randomFloats(inDim * g4, seed + 1, -0.5, 0.5);
  const recurrent = randomFloats(units * g4, seed + 2, -0.5, 0.5);
  const bias = randomFloats(g4, seed + 3, -0.2, 0.2);
  const dh = randomFloats(batch * steps * units, seed + 4);
  const forward = () => {
    const h = new Float32Array(batch * steps * units);
    const c = new Float32Array(batch * steps * units);
    const gates = new Float32Array(batch * steps * g4);
    wasmKernels.lstmForward(x, kernel, recurrent, bias, h, c, gates, batch, steps, inDim, units);
    return { h, c, gates };
  };
  const backward = ({ h, c, gates }: ReturnType<typeof forward>) => {
    const grads = { dx: new Float32Array(x.length), dkernel: new Float32Array(kernel.length), drecurrent: new Float32Array(recurrent.length), dbias: new Float32Array(g4) };
    wasmKernels.lstmBackward(x, kernel, recurrent, h, c, gates, dh, grads.dx, grads.dkernel, grads.drecurrent, grads.dbias, batch, steps, inDim, units);
    return grads;
  };
  return { forward, backward };
}

/** Largest |a − b| relative to the largest |b|. */
function worstRelative(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst / scale;
}

const built = existsSync(new URL('../wasm/neurite_kernels_threads.wasm', import.meta.url));

describe('kernel threads', () => {
  it('split the LSTM kernels across two threads with the threads build (forward bit for bit, backward to rounding; a trap replaces the instance and ends them), else stay on one and say why', async () => {
    if (!built) {
      const status = await enableThreads();
      expect(status.threads).toBe(1);
      expect(status.reason).toMatch(/no threads module/);
      return;
    }
    initSync();
    const { forward, backward } = lstmCase(11);
    const single = forward();
    const singleGrads = backward(single);
    expect(threadsStatus().threads).toBe(1);

    expect(await enableThreads()).toEqual({ threads: 2, reason: null });
    const split = forward();
    expect(Array.from(split.h)).toEqual(Array.from(single.h));
    expect(Array.from(split.c)).toEqual(Array.from(single.c));
    expect(Array.from(split.gates)).toEqual(Array.from(single.gates));
    const splitGrads = backward(split);
    // dx rows are independent; the weight gradients are the halves' sums added.
    expect(Array.from(splitGrads.dx)).toEqual(Array.from(singleGrads.dx));
    for (const k of ['dkernel', 'drecurrent', 'dbias'] as const) expect(worstRelative(splitGrads[k], singleGrads[k]), k).toBeLessThan(1e-6);
    expect(splitGrads.dkernel.some((v) => v !== 0)).toBe(true);

    restart(); // a trap replaces the instance with one of the single-thread module (scratch.ts)
    resetArena();
    expect(threadsStatus().threads).toBe(1);
    expect(Array.from(forward().h)).toEqual(Array.from(single.h));
  });
});
