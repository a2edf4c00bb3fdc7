/** Affine uint8/uint16 weight quantization: hand-derived codes, error bounds, and tfjs-core's decoder as the oracle. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { Random } from '../random.js';
import { Tensor } from '../tensor.js';
import { setupBackends } from '../testing/oracle.js';
import type { WeightSpec } from './artifacts.js';
import { dequantize, quantize, type QuantizationDType } from './quantize.js';
import { checkManifest, decodeGroup, encodeWeights } from './weights.js';

beforeAll(setupBackends);

const DTYPES: QuantizationDType[] = ['uint8', 'uint16'];

function randomValues(n: number, lo: number, hi: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('quantize / dequantize', () => {
  it('[-1, 0, 0.5, 2] as uint8: scale 3/255, min -1 (zero point 85), codes [0, 85, 128, 255]', () => {
    const { codes, quantization } = quantize(new Float32Array([-1, 0, 0.5, 2]), 'uint8');
    expect(codes).toBeInstanceOf(Uint8Array);
    expect(Array.from(codes)).toEqual([0, 85, 128, 255]);
    expect(quantization).toEqual({ dtype: 'uint8', min: -1, scale: 3 / 255 });
    // 0.5 sits exactly half a step between codes 127 and 128 and rounds up; it reads back as 43/85.
    expect(Array.from(dequantize(codes, quantization))).toEqual([-1, 0, Math.fround(43 / 85), 2]);
  });

  it('uint16 uses 65535 steps', () => {
    const { codes, quantization } = quantize(new Float32Array([0, 1, 0.25]), 'uint16');
    expect(codes).toBeInstanceOf(Uint16Array);
    expect(Array.from(codes)).toEqual([0, 65535, 16384]); // 0.25 · 65535 = 16383.75
    expect(quantization).toEqual({ dtype: 'uint16', min: 0, scale: 1 / 65535 });
  });

  it('zero reads back as exactly 0, whatever the range (the range is nudged to put 0 on a code)', () => {
    for (const dtype of DTYPES) {
      for (const [lo, hi] of [[-0.3, 0.7], [-2.1, -0.4], [0.1, 5.3], [-1e-3, 3e-4]]) {
        const values = randomValues(101, lo, hi, 7);
        values[13] = 0;
        values[77] = 0;
        const { codes, quantization } = quantize(values, dtype);
        const back = dequantize(codes, quantization);
        expect(Object.is(back[13], 0) && Object.is(back[77], 0), `${dtype} [${lo}, ${hi}]: ${back[13]}, ${back[77]}`).toBe(true);
      }
    }
  });

  it('round trip: every value is within scale / 2 (plus float32 rounding), scale = (max(w, 0) − min(w, 0)) / 255 or / 65535', () => {
    for (const dtype of DTYPES) {
      for (const [lo, hi, seed] of [[-0.5, 0.5, 1], [-3, 0.2, 2], [0.5, 40, 3], [-1e-4, 1e-4, 4]]) {
        const values = randomValues(1000, lo, hi, seed);
        const { codes, quantization } = quantize(values, dtype);
        const range = Math.max(...values, 0) - Math.min(...values, 0);
        expect(quantization.scale).toBeCloseTo(range / (dtype === 'uint8' ? 255 : 65535), 12);
        const back = dequantize(codes, quantization);
        let worst = 0;
        values.forEach((v, i) => {
          worst = Math.max(worst, Math.abs(back[i] - v) - Math.abs(v) * 2 ** -23);
        });
        expect(worst, `${dtype} [${lo}, ${hi}]`).toBeLessThanOrEqual(quantization.scale / 2);
        // Not vacuous: the error is a real fraction of a step.
        expect(worst, `${dtype} [${lo}, ${hi}]`).toBeGreaterThan(quantization.scale / 10);
      }
    }
  });

  it('an all-zero (or empty) tensor: codes 0, scale 1, min 0, reads back as zeros', () => {
    for (const dtype of DTYPES) {
      const { codes, quantization } = quantize(new Float32Array(6), dtype);
      expect(Array.from(codes)).toEqual([0, 0, 0, 0, 0, 0]);
      expect(quantization).toEqual({ dtype, min: 0, scale: 1 });
      expect(bits(dequantize(codes, quantization))).toEqual([0, 0, 0, 0, 0, 0]);
      expect(quantize(new Float32Array(0), dtype).codes.length).toBe(0);
    }
  });

  it('a non-finite value is a ValueError naming it and its index', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(() => quantize(new Float32Array([0.5, bad, 1]), 'uint8')).toThrow(ValueError);
      expect(() => quantize(new Float32Array([0.5, bad, 1]), 'uint16')).toThrow(new RegExp(`${bad} at flat index 1`));
    }
  });
});

describe('against tfjs-core io.decodeWeights', () => {
  it('the same specs and bytes decode to bit-identical float32 values (uint8 and uint16, odd offsets, a float32 weight between)', () => {
    const named: { name: string; tensor: Tensor; quantize?: QuantizationDType }[] = [];
    const add = (name: string, values: Float32Array, shape: number[], q?: QuantizationDType) => named.push({ name, tensor: new Tensor(values, shape), quantize: q });
    add('a/kernel', randomValues(7, -0.8, 0.3, 10), [7], 'uint8'); // 7 bytes: the next weight starts at an odd offset
    add('b/kernel', randomValues(15, -2, 5, 11), [3, 5], 'uint16');
    add('c/bias', randomValues(5, -1, 1, 12), [5]);
    add('d/kernel', randomValues(24, 0.1, 0.9, 13), [2, 3, 4], 'uint16');
    add('e/bias', randomValues(9, -4, -1, 14), [9], 'uint8');
    const { specs, data } = encodeWeights(named);
    expect(data.byteLength).toBe(7 + 30 + 20 + 48 + 9);
    expect(specs.map((s) => s.quantization?.dtype)).toEqual(['uint8', 'uint16', undefined, 'uint16', 'uint8']);

    const manifest = checkManifest([{ paths: [], weights: specs }], 2 ** 20, 'test');
    expect(manifest.totalBytes).toBe(data.byteLength);
    expect(manifest.totalValues).toBe(7 + 15 + 5 + 24 + 9);
    const ours = new Map<string, Tensor>();
    decodeGroup(manifest.groups[0], new Uint8Array(data), 'test', ours);
    const theirs = tf.io.decodeWeights(data, specs as tf.io.WeightsManifestEntry[]);
    for (const spec of specs as WeightSpec[]) {
      const mine = ours.get(spec.name)!;
      expect(mine.shape).toEqual(spec.shape);
      expect(theirs[spec.name].shape).toEqual(spec.shape);
      expect(bits(mine.data as Float32Array), spec.name).toEqual(bits(theirs[spec.name].dataSync() as Float32Array));
    }
    // And the quantized values are the dequantized codes, not the originals.
    expect(Array.from(ours.get('a/kernel')!.data)).not.toEqual(Array.from(named[0].tensor.data));
    expect(Array.from(ours.get('c/bias')!.data)).toEqual(Array.from(named[2].tensor.data));
  });
});
