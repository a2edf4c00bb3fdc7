import { setBackend, type BackendName } from '@neurite/kernels';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Conv2D } from '../layers/conv2d.js';
import { Dense } from '../layers/dense.js';
import { Flatten } from '../layers/flatten.js';
import { resetLayerNames } from '../layers/layer.js';
import { MaxPooling2D, type Pooling2DArgs } from '../layers/pooling2d.js';
import { Random, setSeed } from '../random.js';
import { noGrad, valueAndGrads } from '../tape.js';
import { tensor, type Tensor } from '../tensor.js';
import { sequential, type Sequential } from './sequential.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(11);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function images(shape: [number, number, number, number], seed: number): Tensor {
  const rng = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float32Array.from({ length: n }, () => rng.normal(0, 1)), shape);
}

interface Spec {
  input: [number, number, number];
  convs: { filters: number; kernelSize: number; activation: string; padding?: 'valid' | 'same'; strides?: number }[];
  pool?: Pooling2DArgs;
}

/** Every |actual − expected| at most `ulps` float32 ulps of the largest |expected|. */
function expectWithinUlpsOfLargest(actual: ArrayLike<number>, expected: ArrayLike<number>, ulps: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let scale = 0;
  for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k]));
  const ulp = 2 ** (Math.floor(Math.log2(scale)) - 23);
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(actual[k] - expected[k]));
  expect(worst / ulp, `${what}: largest difference, in ulps of ${scale}`).toBeLessThanOrEqual(ulps);
}

/** conv → maxPool per entry of spec.convs, then flatten → dense(3). */
function model(spec: Spec): Sequential {
  const m = sequential({ seed: 5 });
  spec.convs.forEach((c, i) => {
    m.add(new Conv2D({ ...c, ...(i === 0 ? { inputShape: spec.input } : {}) }));
    m.add(new MaxPooling2D(spec.pool ?? {}));
  });
  m.add(new Flatten());
  m.add(new Dense({ units: 3, activation: 'sigmoid' }));
  return m;
}

/** The layers applied one by one, in inference mode: the unfused result. */
function layerByLayer(m: Sequential, x: Tensor): Float32Array {
  return noGrad(() => m.layers.reduce((y, l) => l.apply(y, { training: false }), x)).data as Float32Array;
}

const fused: Spec[] = [
  // The seed CNN's pattern, small: Cin 3 (implicit GEMM), then ≥ 16 channels (Winograd); odd sizes.
  { input: [21, 19, 3], convs: [{ filters: 16, kernelSize: 3, activation: 'relu' }, { filters: 20, kernelSize: 3, activation: 'relu' }] },
  { input: [12, 13, 5], convs: [{ filters: 7, kernelSize: 3, activation: 'linear', padding: 'same' }, { filters: 6, kernelSize: 2, activation: 'relu', strides: 2 }] },
  { input: [9, 9, 2], convs: [{ filters: 5, kernelSize: 1, activation: 'relu' }], pool: { poolSize: 2, strides: 2, padding: 'valid' } },
  // The smallest case: a 2×2 conv output pooled to 1×1.
  { input: [4, 4, 1], convs: [{ filters: 2, kernelSize: 3, activation: 'relu' }] },
];

for (const backend of ['wasm', 'reference'] as BackendName[]) {
  describe(`conv → maxPool fusion in Sequential inference [${backend}]`, () => {
    beforeEach(() => setBackend(backend));

    fused.forEach((spec, i) => {
      it(`predict equals the layers applied one by one, bit for bit (model ${i})`, () => {
        const m = model(spec);
        const x = images([3, ...spec.input], 20 + i);
        const pool = vi.spyOn(MaxPooling2D.prototype, 'apply');
        const got = m.predict(x, { batchSize: 2 });
        expect(pool).not.toHaveBeenCalled(); // every pooling ran fused
        pool.mockRestore();
        expect(got.shape).toEqual([3, 3]);
        expect(Array.from(got.data)).toEqual(Array.from(layerByLayer(m, x)));
      });
    });

    const unfused: [string, Spec][] = [
      ['a tanh conv', { input: [8, 8, 3], convs: [{ filters: 4, kernelSize: 3, activation: 'tanh' }] }],
      ['a 3×3 pool', { input: [10, 10, 3], convs: [{ filters: 4, kernelSize: 3, activation: 'relu' }], pool: { poolSize: 3 } }],
      ['a stride-1 pool', { input: [8, 8, 3], convs: [{ filters: 4, kernelSize: 3, activation: 'relu' }], pool: { poolSize: 2, strides: 1 } }],
      ["a 'same' pool", { input: [9, 9, 3], convs: [{ filters: 4, kernelSize: 3, activation: 'relu' }], pool: { padding: 'same' } }],
    ];
    for (const [what, spec] of unfused) {
      it(`leaves ${what} to the layers`, () => {
        const m = model(spec);
        const x = images([2, ...spec.input], 3);
        const pool = vi.spyOn(MaxPooling2D.prototype, 'apply');
        const got = m.predict(x);
        expect(pool).toHaveBeenCalledTimes(1);
        pool.mockRestore();
        expect(Array.from(got.data)).toEqual(Array.from(layerByLayer(m, x)));
      });
    }

    it('fuses while a tape records too, with the gradients of the layers applied one by one, bit for bit', () => {
      fused.forEach((spec, i) => {
        const m = model(spec);
        const x = images([3, ...spec.input], 40 + i);
        const pool = vi.spyOn(MaxPooling2D.prototype, 'apply');
        const got = valueAndGrads(() => m.call(x, true), m.trainableWeights);
        expect(pool).not.toHaveBeenCalled();
        pool.mockRestore();
        const want = valueAndGrads(() => m.layers.reduce((y, l) => l.apply(y, { training: true }), x), m.trainableWeights);
        expect(Array.from(got.value.data)).toEqual(Array.from(want.value.data));
        // The first conv needs no input gradient: with ≤ 4 input channels and no padding (models
        // 0, 2, 3) conv2dMaxPoolBackward sums its filter and bias gradients window by window from
        // the taps, equal to float32 rounding: each element sums up to ~250 products in another
        // order, so the bound is 16 ulps of the largest element (measured: at most 8, model 0).
        // An element that is a sum with cancellation can differ by more than its own ulps. Every
        // other gradient is bit for bit.
        got.grads.forEach((g, j) => {
          if (j < 2) expectWithinUlpsOfLargest(g.data, want.grads[j].data, 16, `model ${i} weight ${j}`);
          else expect(Array.from(g.data), `model ${i} weight ${j}`).toEqual(Array.from(want.grads[j].data));
        });
        expect(got.grads.every((g) => g.data.some((v) => v !== 0))).toBe(true);
      });
    });

    it('gives the input gradient of the unfused layers when the input is a source (e.g. a saliency map)', () => {
      const m = model(fused[1]);
      const x = images([2, ...fused[1].input], 61);
      const got = valueAndGrads(() => m.call(x, true), [x]);
      const want = valueAndGrads(() => m.layers.reduce((y, l) => l.apply(y, { training: true }), x), [x]);
      expect(Array.from(got.grads[0].data)).toEqual(Array.from(want.grads[0].data));
      expect(got.grads[0].data.some((v) => v !== 0)).toBe(true);
    });

    it('trainOnBatch leaves the weights the unfused layers would, bit for bit', () => {
      // A subclass of Conv2D is never fused: the same model built from it trains unfused. 5 input
      // channels: a first conv with ≤ 4 sums its filter gradient in another order when fused (to
      // float32 rounding, see above), and Adam turns rounding-level differences into steps of lr.
      class PlainConv2D extends Conv2D {}
      const build = (Conv: typeof Conv2D) => {
        resetLayerNames();
        setSeed(23);
        const m = sequential({ seed: 5 });
        m.add(new Conv({ filters: 16, kernelSize: 3, activation: 'relu', inputShape: [15, 17, 5] }));
        m.add(new MaxPooling2D({ poolSize: 2 }));
        m.add(new Conv({ filters: 20, kernelSize: 3, activation: 'relu' }));
        m.add(new MaxPooling2D({ poolSize: 2 }));
        m.add(new Flatten());
        m.add(new Dense({ units: 1, activation: 'sigmoid' }));
        m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
        return m;
      };
      const a = build(Conv2D);
      const b = build(PlainConv2D);
      const x = images([4, 15, 17, 5], 71);
      const y = tensor(Float32Array.from([0, 1, 1, 0]), [4, 1]);
      const pool = vi.spyOn(MaxPooling2D.prototype, 'apply');
      for (let step = 0; step < 2; step++) expect(a.trainOnBatch(x, y)).toEqual(b.trainOnBatch(x, y));
      expect(pool).toHaveBeenCalledTimes(4); // b's two poolings, twice; a's ran fused
      pool.mockRestore();
      a.getWeights().forEach((w, j) => expect(Array.from(w.data), `weight ${j}`).toEqual(Array.from(b.getWeights()[j].data)));
    });

    it('fit trains the same with the fusion in place (predict before and after agree with the layers)', async () => {
      const m = model(fused[0]);
      m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
      const x = images([4, 21, 19, 3], 13);
      const y = tensor(Float32Array.from({ length: 12 }, (_, i) => i % 2), [4, 3]);
      const h = await m.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false });
      expect(h.history.loss.every(Number.isFinite)).toBe(true);
      expect(Array.from(m.predict(x).data)).toEqual(Array.from(layerByLayer(m, x)));
    });
  });
}
