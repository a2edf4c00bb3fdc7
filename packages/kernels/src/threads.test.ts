import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KernelArgumentError } from './check.js';
import { convCaseInputs, type ConvCase } from './kernels/conv-case.js';
import { wasmKernels } from './kernels/index.js';
import { Activation } from './kernel-set.js';
import { randomFloats } from './test-support.js';
import { enableThreads, sleepUntilFinished, splitCalls, splitElements, threadsStatus } from './threads.js';
import { resetArena } from './scratch.js';
import { markResident } from './resident.js';
import { initSync, restart } from './wasm-module.js';

// An odd batch (halves of 4 and 3 rows), big enough to split (≥ SPLIT_WORK operations).
const [batch, steps, inDim, units] = [7, 50, 40, 48];
const g4 = 4 * units;

function lstmCase(seed: number) {
  const x = randomFloats(batch * steps * inDim, seed);
  const kernel = randomFloats(inDim * g4, seed + 1, -0.5, 0.5);
  const recurrent = randomFloats(units * g4, seed + 2, -0.5, 0.5);
  const bias = randomFloats(g4, seed + 3, -0.2, 0.2);
  const dh = randomFloats(batch * steps * units, seed + 4);
  const forward = () => {
    const h = new Float32Array(batch * steps * units);
    const cells = wasmKernels.lstmForward(x, kernel, recurrent, bias, h, batch, steps, inDim, units);
    return { h, cells, ...cells.read() };
  };
  const backward = ({ h, cells }: ReturnType<typeof forward>) => {
    const grads = { dx: new Float32Array(x.length), dkernel: new Float32Array(kernel.length), drecurrent: new Float32Array(recurrent.length), dbias: new Float32Array(g4) };
    wasmKernels.lstmBackward(x, kernel, recurrent, h, cells, dh, grads.dx, grads.dkernel, grads.drecurrent, grads.dbias, batch, steps, inDim, units);
    return grads;
  };
  return { forward, backward };
}

// Calls big enough to split (≥ SPLIT_WORK operations), with odd batches (halves of 4 and 3 rows).
const conv: ConvCase = { shape: [7, 34, 34, 8], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 16 };
const [rows, inner, cols] = [7, 300, 2048];

/** Every split kernel but the LSTM's, on the current instance. */
function otherKernels() {
  const { info, x, w } = convCaseInputs(conv, 21);
  const bias = randomFloats(info.outC, 23, -0.2, 0.2);
  const pooled = info.batch * (info.outH >> 1) * (info.outW >> 1) * info.outC;
  const out = new Float32Array(pooled);
  const taps = new Int32Array(pooled);
  wasmKernels.conv2dMaxPoolTrain(x, w, bias, out, taps, info, Activation.Relu);
  const inferred = new Float32Array(pooled);
  wasmKernels.conv2dMaxPool(x, w, bias, inferred, info, Activation.Relu);
  const convolved = new Float32Array(info.batch * info.outH * info.outW * info.outC);
  wasmKernels.conv2d(x, w, bias, convolved, info, Activation.Relu);
  // Depthwise, multiplier 16 on the 8 channels: as many operations as the conv above.
  const depthInfo = { ...info, outC: 16 };
  const depthwise = new Float32Array(info.batch * info.outH * info.outW * info.inC * 16);
  wasmKernels.depthwiseConv2d(x, randomFloats(9 * info.inC * 16, 25), null, depthwise, depthInfo, Activation.Linear);
  const dy = randomFloats(pooled, 24);
  const [dx, dfilter, dbias] = [new Float32Array(x.length), new Float32Array(w.length), new Float32Array(info.outC)];
  wasmKernels.conv2dMaxPoolBackward(x, w, taps, dy, dx, dfilter, dbias, info);
  const [dfilterNoDx, dbiasNoDx] = [new Float32Array(w.length), new Float32Array(info.outC)];
  wasmKernels.conv2dMaxPoolBackward(x, w, taps, dy, null, dfilterNoDx, dbiasNoDx, info);
  const badTaps = taps.slice();
  badTaps[pooled - 5] = 7; // in the helper's half
  let tapError: unknown = null;
  try {
    wasmKernels.conv2dMaxPoolBackward(x, w, badTaps, dy, dx.slice(), dfilter.slice(), dbias.slice(), info);
  } catch (e) {
    tapError = e;
  }

  const a = randomFloats(rows * inner, 31);
  const b = randomFloats(inner * cols, 32, -0.5, 0.5);
  const dense = new Float32Array(rows * cols);
  wasmKernels.dense(a, b, randomFloats(cols, 33), dense, rows, inner, cols, Activation.Relu);
  const product = new Float32Array(rows * cols); // [rows, inner] · [inner, cols]
  wasmKernels.matmul(a, b, product, 1, rows, inner, cols, false, false);
  // One image, split by output rows: a stride-2 conv whose padding reaches the helper's band
  // (33 rows, an odd count), a stride-1 conv on the Winograd path, a 1×1 conv (cut by pixels) and a
  // depthwise conv.
  const one = { ...info, batch: 1, dilationH: 1, dilationW: 1, filterH: 3, filterW: 3 };
  const strided = { ...one, inH: 66, inW: 66, inC: 16, strideH: 2, strideW: 2, padTop: 1, padLeft: 1, outH: 33, outW: 33, outC: 64 };
  const rowsStrided = new Float32Array(33 * 33 * 64);
  wasmKernels.conv2d(randomFloats(66 * 66 * 16, 26), randomFloats(9 * 16 * 64, 27), randomFloats(64, 28), rowsStrided, strided, Activation.Relu6);
  const winograd = { ...one, inH: 34, inW: 34, inC: 16, strideH: 1, strideW: 1, padTop: 0, padLeft: 0, outH: 32, outW: 32, outC: 32 };
  const rowsWinograd = new Float32Array(32 * 32 * 32);
  wasmKernels.conv2d(randomFloats(34 * 34 * 16, 29), randomFloats(9 * 16 * 32, 30), null, rowsWinograd, winograd, Activation.Relu);
  const pointwise = { ...one, filterH: 1, filterW: 1, inH: 14, inW: 14, inC: 256, strideH: 1, strideW: 1, padTop: 0, padLeft: 0, outH: 14, outW: 14, outC: 256 };
  const rowsPointwise = new Float32Array(14 * 14 * 256);
  wasmKernels.conv2d(randomFloats(14 * 14 * 256, 33), randomFloats(256 * 256, 34), randomFloats(256, 35), rowsPointwise, pointwise, Activation.Linear);
  const depthOne = { ...one, inH: 66, inW: 66, inC: 64, strideH: 1, strideW: 1, padTop: 1, padLeft: 1, outH: 66, outW: 66, outC: 2 };
  const rowsDepthwise = new Float32Array(66 * 66 * 64 * 2);
  wasmKernels.depthwiseConv2d(randomFloats(66 * 66 * 64, 31), randomFloats(9 * 64 * 2, 32), null, rowsDepthwise, depthOne, Activation.Linear);

  // Two and three images, split by images (1 / 1 and 2 / 1): a plain and a depthwise conv.
  const pair = { ...strided, batch: 2 };
  const imagesTwo = new Float32Array(2 * 33 * 33 * 64);
  wasmKernels.conv2d(randomFloats(2 * 66 * 66 * 16, 36), randomFloats(9 * 16 * 64, 27), randomFloats(64, 28), imagesTwo, pair, Activation.Relu);
  const triple = { ...depthOne, batch: 3, outC: 1 };
  const imagesThree = new Float32Array(3 * 66 * 66 * 64);
  wasmKernels.depthwiseConv2d(randomFloats(3 * 66 * 66 * 64, 37), randomFloats(9 * 64, 38), randomFloats(64, 39), imagesThree, triple, Activation.Relu6);

  // A kernel of over 2^21 floats: split by output columns, each thread reading half of it.
  const wide = randomFloats(rows * 1100, 35);
  const big = randomFloats(1100 * cols, 36, -0.5, 0.5);
  const denseWide = new Float32Array(rows * cols);
  wasmKernels.dense(wide, big, randomFloats(cols, 37), denseWide, rows, 1100, cols, Activation.Relu);
  const productWide = new Float32Array(rows * cols);
  wasmKernels.matmul(wide, big, productWide, 1, rows, 1100, cols, false, false);
  // A dense layer's input gradient dz·Wᵀ: [rows, 1100] · ([cols, 1100] stored)ᵀ, also by columns.
  const backWide = new Float32Array(rows * cols);
  wasmKernels.matmul(wide, big, backWide, 1, rows, 1100, cols, false, true);
  // A dense layer's kernel gradient xᵀ·dz: btᵀ [cols, rows] · a [rows, inner], split by its many rows.
  const bt = randomFloats(rows * cols, 34);
  const tall = new Float32Array(cols * inner);
  wasmKernels.matmul(bt, a, tall, 1, cols, rows, inner, true, false);

  // LSTM inference: plain, and on embedding rows through the kept projection table (its arrays resident).
  const [vocab, units2] = [300, 24];
  const ids = Int32Array.from({ length: batch * steps }, (_, i) => (i * 37) % vocab);
  const embeddings = randomFloats(vocab * inDim, 51);
  const lstm = [randomFloats(inDim * 4 * units, 52, -0.3, 0.3), randomFloats(units * 4 * units, 53, -0.3, 0.3), randomFloats(4 * units, 54, -0.2, 0.2)] as const;
  const second = [randomFloats(units * 4 * units2, 55, -0.3, 0.3), randomFloats(units2 * 4 * units2, 56, -0.3, 0.3), randomFloats(4 * units2, 57, -0.2, 0.2)] as const;
  for (const array of [embeddings, ...lstm]) markResident(array);
  const predicted = new Float32Array(batch * steps * units);
  wasmKernels.lstmPredict(randomFloats(batch * steps * inDim, 58), ...lstm, predicted, batch, steps, inDim, units, true);
  const fromIds = new Float32Array(batch * units);
  wasmKernels.embeddingLstmPredict(ids, embeddings, ...lstm, fromIds, batch, steps, vocab, inDim, units, false);
  const stacked = new Float32Array(batch * steps * units2);
  wasmKernels.embeddingLstm2Predict(ids, embeddings, ...lstm, ...second, stacked, batch, steps, vocab, inDim, units, units2, true);

  // Adam over more than SPLIT_ELEMENTS values, a count that is no multiple of 4 (a scalar tail).
  const count = (1 << 20) + 4099;
  const [param, m, v] = [randomFloats(count, 61), randomFloats(count, 62, -0.01, 0.01), randomFloats(count, 63, 0, 0.01)];
  wasmKernels.adamUpdate(param, randomFloats(count, 64), m, v, 0.001, 0.9, 0.999, 1e-7, 3, 0.01);
  return { out, inferred, convolved, depthwise, taps, dx, dfilter, dbias, dfilterNoDx, dbiasNoDx, tapError, dense, product, rowsStrided, rowsWinograd, rowsPointwise, rowsDepthwise, imagesTwo, imagesThree, denseWide, productWide, backWide, tall, predicted, fromIds, stacked, param, m, v };
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
  it('the calling thread never sleeps through a helper that finished just before it began to wait', () => {
    const words = new Int32Array(new SharedArrayBuffer(32)); // word 1: the finished job's number
    Atomics.store(words, 1, 7); // job 7 is done: its store landed just before the wait
    expect(sleepUntilFinished(words, 7, 200)).toBe('not-equal'); // returns at once
    Atomics.store(words, 1, 6); // job 7 still running: the wait sleeps (here out its 1 ms timeout)
    expect(sleepUntilFinished(words, 7, 1)).toBe('timed-out');
  });

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
    const before = splitCalls();
    const split = forward();
    expect(splitCalls() - before).toBe(1);
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

  it('split convolutions (plain, depthwise, fused with pooling; by images, two or three too; one image by output rows), dense layers and products (by rows, and by columns for a large kernel), LSTM inference and Adam: outputs bit for bit, summed weight gradients to rounding, a bad tap in either half reported', async () => {
    if (!built) return; // the test above checks the reason
    initSync();
    const one = otherKernels();
    expect(one.tapError).toBeInstanceOf(KernelArgumentError);
    expect(await enableThreads()).toEqual({ threads: 2, reason: null });
    const before = splitCalls();
    const two = otherKernels();
    expect(splitCalls() - before).toBe(23); // every call above split, the bad-tap one included
    restart();
    resetArena();
    for (const k of ['out', 'inferred', 'convolved', 'depthwise', 'taps', 'dx', 'dense', 'product', 'rowsStrided', 'rowsWinograd', 'rowsPointwise', 'rowsDepthwise', 'imagesTwo', 'imagesThree', 'denseWide', 'productWide', 'backWide', 'tall', 'predicted', 'fromIds', 'stacked', 'param', 'm', 'v'] as const) {
      expect(two[k].some((v) => v !== 0), k).toBe(true);
      expect(Array.from(two[k]), k).toEqual(Array.from(one[k]));
    }
    for (const k of ['dfilter', 'dbias', 'dfilterNoDx', 'dbiasNoDx'] as const) expect(worstRelative(two[k], one[k]), k).toBeLessThan(1e-6);
    expect((two.tapError as Error).message).toBe((one.tapError as Error).message);
  });

  it('a job that fails on the helper is reported with its error, and kernels go on on one thread', async () => {
    if (!built) return; // the first test checks the reason
    initSync();
    expect(await enableThreads()).toEqual({ threads: 2, reason: null });
    const { helper } = splitElements(1 << 21)!;
    helper.run('adam_update', [0xfffffff0, 0, 0, 0, 1024, 1e-3, 0.9, 0.999, 1e-7, 1, 1, 0]); // param far outside memory
    expect(() => helper.wait()).toThrow(/helper thread failed \(adam_update: RuntimeError: memory access out of bounds\)/);
    expect(threadsStatus()).toEqual({ threads: 1, reason: 'the kernel helper thread failed (adam_update: RuntimeError: memory access out of bounds); kernels run on one thread' });
    const { forward } = lstmCase(3);
    expect(forward().h.some((v) => v !== 0)).toBe(true); // the single-thread instance answers
  });
});
