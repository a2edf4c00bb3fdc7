import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../reference/index.js';
import { resetArena } from '../scratch.js';
import { randomFloats } from '../test-support.js';
import { initSync, restart } from '../wasm-module.js';
import { wasmKernels } from './index.js';
import { HeldCells } from './lstm-held-cells.js';

const [batch, steps, inDim, units] = [3, 5, 4, 6];
const x = randomFloats(batch * steps * inDim, 1);
const kernel = randomFloats(inDim * 4 * units, 2, -0.5, 0.5);
const recurrent = randomFloats(units * 4 * units, 3, -0.5, 0.5);
const bias = randomFloats(4 * units, 4, -0.2, 0.2);
const dh = randomFloats(batch * steps * units, 5);

function forward() {
  const h = new Float32Array(batch * steps * units);
  return { h, cells: wasmKernels.lstmForward(x, kernel, recurrent, bias, h, batch, steps, inDim, units) };
}

function backward(k: typeof wasmKernels, { h, cells }: ReturnType<typeof forward>): Float32Array[] {
  const grads = [new Float32Array(x.length), new Float32Array(kernel.length), new Float32Array(recurrent.length), new Float32Array(4 * units)];
  k.lstmBackward(x, kernel, recurrent, h, cells, dh, grads[0], grads[1], grads[2], grads[3], batch, steps, inDim, units);
  return grads;
}

describe('LSTM cells held in WASM memory', () => {
  it('stay in WASM memory from the forward to the backward pass, which frees them; a second backward pass, or one after the instance was replaced, recomputes them and gets the same gradients', () => {
    initSync();
    const first = forward();
    expect(first.cells).toBeInstanceOf(HeldCells);
    const kept = first.cells.read();
    const grads = backward(wasmKernels, first);
    expect((first.cells as HeldCells).live()).toBe(false); // freed by the backward pass
    expect(() => first.cells.read()).toThrow(/no longer in WASM memory/);
    expect(backward(wasmKernels, first)).toEqual(grads);

    const second = forward();
    expect(second.cells.read()).toEqual(kept);
    restart(); // a trap replaces the instance (scratch.ts); the cells were in the old one
    resetArena();
    expect(backward(wasmKernels, second)).toEqual(grads);
  });

  it('work with the reference kernels\' backward pass, and the reference cells with the WASM one', () => {
    const held = forward();
    const h = new Float32Array(held.h.length);
    const arrays = { h, cells: referenceKernels.lstmForward(x, kernel, recurrent, bias, h, batch, steps, inDim, units) };
    const [a, b] = [backward(referenceKernels, held), backward(wasmKernels, arrays)];
    const ref = backward(referenceKernels, arrays);
    for (const [i, g] of [a, b].entries()) {
      g.forEach((values, j) => values.forEach((v, e) => expect(Math.abs(v - ref[j][e]), `${i} ${j} ${e}`).toBeLessThan(1e-5)));
    }
  });
});
