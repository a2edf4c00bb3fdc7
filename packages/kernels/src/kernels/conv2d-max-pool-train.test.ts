import { it, expect } from 'vitest';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';
import { Activation, type Conv2DInfo, type KernelSet } from '../kernel-set.js';
import { pooledInfo } from '../checks/conv2d-max-pool.js';
import { convCaseInputs, convCaseLabel, type ConvCase } from './conv-case.js';

// Odd conv outputs (the pooling drops a row / column), 'same' padding, stride 2, batch > 1, channel
// counts off multiples of 4, the Winograd path (≥ 16 channels) and the implicit GEMM (Cin 3).
const cases: ConvCase[] = [
  { shape: [2, 9, 11, 3], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 5 },
  { shape: [2, 11, 9, 17], filter: 3, stride: 1, dilation: 1, padding: 'same', outC: 19 },
  { shape: [3, 10, 10, 16], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 16 },
  { shape: [1, 9, 13, 5], filter: 3, stride: 2, dilation: 1, padding: 'same', outC: 6 },
  { shape: [2, 40, 13, 3], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 32 },
];

const bits = (a: Float32Array) => Array.from(new Int32Array(a.buffer, a.byteOffset, a.length));

interface Grads { dx: Float32Array; df: Float32Array; db: Float32Array }

function grads(info: Conv2DInfo): Grads {
  return { dx: new Float32Array(info.batch * info.inH * info.inW * info.inC), df: new Float32Array(info.filterH * info.filterW * info.inC * info.outC), db: new Float32Array(info.outC) };
}

/** conv2d, maxPool, maxPoolBackward, conv2dBackward: the four kernels the fused pair replaces. */
function unfused(k: KernelSet, x: Float32Array, w: Float32Array, bias: Float32Array, dy: Float32Array, info: Conv2DInfo, act: Activation) {
  const pool = pooledInfo(info);
  const y = new Float32Array(info.batch * info.outH * info.outW * info.outC);
  k.conv2d(x, w, bias, y, info, act);
  const out = new Float32Array(dy.length);
  const argmax = new Int32Array(dy.length);
  k.maxPool(y, out, argmax, pool);
  const dyc = new Float32Array(y.length);
  k.maxPoolBackward(dy, argmax, dyc, pool);
  const g = grads(info);
  k.conv2dBackward(x, w, y, dyc, act, g.dx, g.df, g.db, info);
  return { out, g };
}

function fused(k: KernelSet, x: Float32Array, w: Float32Array, bias: Float32Array, dy: Float32Array, info: Conv2DInfo, act: Activation) {
  const out = new Float32Array(dy.length).fill(NaN);
  const taps = new Int32Array(dy.length).fill(7);
  k.conv2dMaxPoolTrain(x, w, bias, out, taps, info, act);
  const g = grads(info);
  k.conv2dMaxPoolBackward(x, w, taps, dy, g.dx, g.df, g.db, info);
  return { out, taps, g };
}

/** Σ r·maxPool(act(conv(x, w) + b)) in float64 (the finite-difference oracle). */
function loss64(x: Float32Array | Float64Array, w: Float32Array | Float64Array, b: Float32Array | Float64Array, r: Float32Array, info: Conv2DInfo, act: Activation): number {
  const { outH, outW, outC: co, inC: ci } = info;
  const conv = new Float64Array(info.batch * outH * outW * co);
  for (let n = 0; n < info.batch; n++) for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++) for (let o = 0; o < co; o++) {
    let s = b[o];
    for (let fy = 0; fy < info.filterH; fy++) for (let fx = 0; fx < info.filterW; fx++) {
      const iy = oy * info.strideH + fy - info.padTop;
      const ix = ox * info.strideW + fx - info.padLeft;
      if (iy < 0 || ix < 0 || iy >= info.inH || ix >= info.inW) continue;
      for (let c = 0; c < ci; c++) s += x[((n * info.inH + iy) * info.inW + ix) * ci + c] * w[((fy * info.filterW + fx) * ci + c) * co + o];
    }
    conv[((n * outH + oy) * outW + ox) * co + o] = act === Activation.Relu ? Math.max(s, 0) : s;
  }
  const p = pooledInfo(info);
  let total = 0;
  for (let n = 0; n < info.batch; n++) for (let py = 0; py < p.outH; py++) for (let px = 0; px < p.outW; px++) for (let o = 0; o < co; o++) {
    let m = -Infinity;
    for (let t = 0; t < 4; t++) m = Math.max(m, conv[((n * outH + 2 * py + (t >> 1)) * outW + 2 * px + (t & 1)) * co + o]);
    total += r[((n * p.outH + py) * p.outW + px) * co + o] * m;
  }
  return total;
}

/** The filter gradient in float64: dy routed to each window's winning tap, times that pixel's patch. */
function filterGrad64(x: Float32Array, taps: Int32Array, dy: Float32Array, info: Conv2DInfo): Float64Array {
  const { inC: ci, outC: co, filterH: fh, filterW: fw } = info;
  const p = pooledInfo(info);
  const dw = new Float64Array(fh * fw * ci * co);
  for (let n = 0; n < info.batch; n++) for (let py = 0; py < p.outH; py++) for (let px = 0; px < p.outW; px++) for (let o = 0; o < co; o++) {
    const q = ((n * p.outH + py) * p.outW + px) * co + o;
    if (taps[q] < 0) continue;
    const oy = 2 * py + (taps[q] >> 1), ox = 2 * px + (taps[q] & 1);
    for (let fy = 0; fy < fh; fy++) for (let fx = 0; fx < fw; fx++) {
      const iy = oy * info.strideH + fy * info.dilationH - info.padTop;
      const ix = ox * info.strideW + fx * info.dilationW - info.padLeft;
      if (iy < 0 || ix < 0 || iy >= info.inH || ix >= info.inW) continue;
      for (let c = 0; c < ci; c++) dw[((fy * fw + fx) * ci + c) * co + o] += x[((n * info.inH + iy) * info.inW + ix) * ci + c] * dy[q];
    }
  }
  return dw;
}

describeKernels('conv2dMaxPoolTrain / conv2dMaxPoolBackward', (k) => {
  cases.forEach((c, ci) => {
    const { info, x, w } = convCaseInputs(c, 20 + ci);
    const bias = randomFloats(info.outC, 80 + ci, -0.2, 0.2);
    const p = pooledInfo(info);
    const dy = randomFloats(info.batch * p.outH * p.outW * info.outC, 90 + ci);

    for (const act of [Activation.Relu, Activation.Linear]) {
      it(`equals conv2d, maxPool, their backward bit for bit on ${convCaseLabel(c)}, ${Activation[act]}`, () => {
        const want = unfused(k, x, w, bias, dy, info, act);
        const got = fused(k, x, w, bias, dy, info, act);
        expect(bits(got.out)).toEqual(bits(want.out));
        expect(got.taps.every((t) => t >= (act === Activation.Relu ? -1 : 0) && t <= 3)).toBe(true);
        expect(bits(got.g.df)).toEqual(bits(want.g.df));
        expect(bits(got.g.db)).toEqual(bits(want.g.db));
        expect(bits(got.g.dx)).toEqual(bits(want.g.dx));
      });
    }
  });

  it('has the finite-difference gradients of Σ dy·maxPool(relu(conv + b))', () => {
    const c = cases[1];
    const { info, x, w } = convCaseInputs(c, 31);
    const bias = randomFloats(info.outC, 32, -0.2, 0.2);
    const p = pooledInfo(info);
    const dy = randomFloats(info.batch * p.outH * p.outW * info.outC, 33);
    const { g } = fused(k, x, w, bias, dy, info, Activation.Relu);
    const eps = 1e-3;
    const probe = (arr: Float32Array, grad: Float32Array, which: 'x' | 'w' | 'b') => {
      for (const i of [0, 7, Math.floor(arr.length / 2), arr.length - 1]) {
        const plus = Float64Array.from(arr);
        const minus = Float64Array.from(arr);
        plus[i] += eps;
        minus[i] -= eps;
        const at = (a: Float64Array) => loss64(which === 'x' ? a : x, which === 'w' ? a : w, which === 'b' ? a : bias, dy, info, Activation.Relu);
        const numeric = (at(plus) - at(minus)) / (2 * eps);
        expectClose([grad[i]], [numeric], 1e-2, 1e-3);
      }
    };
    probe(x, g.dx, 'x');
    probe(w, g.df, 'w');
    probe(bias, g.db, 'b');
  });

  /** The taps maxPool's argmax implies (first max in tap order; -1 where relu's gradient is 0). */
  function argmaxTaps(x: Float32Array, w: Float32Array, bias: Float32Array, info: Conv2DInfo, act: Activation): Int32Array {
    const y = new Float32Array(info.batch * info.outH * info.outW * info.outC);
    k.conv2d(x, w, bias, y, info, act);
    const p = pooledInfo(info);
    const out = new Float32Array(info.batch * p.outH * p.outW * info.outC);
    const argmax = new Int32Array(out.length);
    k.maxPool(y, out, argmax, p);
    return argmax.map((a, o) => {
      if (act === Activation.Relu && !(out[o] > 0)) return -1;
      const pixel = Math.floor(a / info.outC);
      return (Math.floor(pixel / info.outW) % info.outH % 2) * 2 + (pixel % info.outW) % 2;
    });
  }

  it("records maxPool's argmax as taps: ties go to the first tap, NaN wins, relu clips to -1", () => {
    const c = cases[2]; // 16 channels: the vector lanes
    const { info, x, w } = convCaseInputs(c, 61);
    const p = pooledInfo(info);
    const n = info.batch * p.outH * p.outW * info.outC;
    const run = (xs: Float32Array, ws: Float32Array, b: Float32Array, act: Activation) => {
      const taps = new Int32Array(n).fill(9);
      k.conv2dMaxPoolTrain(xs, ws, b, new Float32Array(n), taps, info, act);
      expect(Array.from(taps)).toEqual(Array.from(argmaxTaps(xs, ws, b, info, act)));
      return taps;
    };
    const zeros = new Float32Array(w.length);
    const mixed = Float32Array.from({ length: info.outC }, (_, i) => (i % 2 ? 0.5 : -0.5));
    // A zero filter: every tap equals the bias, so every window ties.
    expect(run(x, zeros, mixed, Activation.Linear).every((t) => t === 0)).toBe(true);
    expect(Array.from(new Set(run(x, zeros, mixed, Activation.Relu))).sort()).toEqual([-1, 0]);
    const withNaN = x.slice();
    withNaN[info.inW * info.inC * 4 + 7] = NaN;
    run(withNaN, w, mixed, Activation.Linear);
    run(withNaN, w, mixed, Activation.Relu);
    run(x, w, mixed, Activation.Relu);
  });

  // Without dx, a small first layer (≤ 4 input channels, no padding: cases 0 and 4) sums its filter
  // and bias gradients window by window from the taps in wasm: equal to float32 rounding, and no
  // further from the float64 sum than the routed dense path.
  cases.forEach((c, ci) => {
    it(`skips the input gradient and the bias when given null on ${convCaseLabel(c)}`, () => {
      const { info, x, w } = convCaseInputs(c, 41 + ci);
      const p = pooledInfo(info);
      const n = info.batch * p.outH * p.outW * info.outC;
      const out = new Float32Array(n);
      const taps = new Int32Array(n);
      k.conv2dMaxPoolTrain(x, w, null, out, taps, info, Activation.Relu);
      expect(taps.some((t) => t < 0) && taps.some((t) => t > 0)).toBe(true);
      const dy = randomFloats(n, 42);
      const full = grads(info);
      k.conv2dMaxPoolBackward(x, w, taps, dy, full.dx, full.df, full.db, info);
      const df = new Float32Array(full.df.length);
      k.conv2dMaxPoolBackward(x, w, taps, dy, null, df, null, info);
      expectClose(df, full.df);
      const exact = filterGrad64(x, taps, dy, info);
      const worst = (a: Float32Array) => Math.max(...a.map((v, i) => Math.abs(v - exact[i])));
      expect(worst(df)).toBeLessThanOrEqual(2 * worst(full.df) + 1e-6);
      const [df2, db2] = [new Float32Array(full.df.length), new Float32Array(info.outC)];
      k.conv2dMaxPoolBackward(x, w, taps, dy, null, df2, db2, info);
      expect(bits(df2)).toEqual(bits(df));
      expectClose(db2, full.db);
    });
  });

  it('rejects other activations, wrong lengths and taps outside -1..3', () => {
    const { info, x, w } = convCaseInputs(cases[0], 51);
    const p = pooledInfo(info);
    const n = info.batch * p.outH * p.outW * info.outC;
    expect(() => k.conv2dMaxPoolTrain(x, w, null, new Float32Array(n), new Int32Array(n), info, Activation.Sigmoid)).toThrow(KernelArgumentError);
    expect(() => k.conv2dMaxPoolTrain(x, w, null, new Float32Array(n), new Int32Array(n - 1), info, Activation.Relu)).toThrow(KernelArgumentError);
    // Errors name the kernel the user called, not the inference kernel whose checks it shares.
    expect(() => k.conv2dMaxPoolTrain(x, w, null, new Float32Array(n + 1), new Int32Array(n + 1), info, Activation.Relu)).toThrow(/^conv2dMaxPoolTrain: /);
    const g = grads(info);
    const taps = new Int32Array(n);
    taps[3] = 4;
    expect(() => k.conv2dMaxPoolBackward(x, w, taps, new Float32Array(n), g.dx, g.df, g.db, info)).toThrow(/taps\[3\] = 4/);
    expect(() => k.conv2dMaxPoolBackward(x, w, new Int32Array(n), new Float32Array(n + 1), g.dx, g.df, g.db, info)).toThrow(KernelArgumentError);
  });
});
