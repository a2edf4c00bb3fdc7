import { ImageInputError } from './errors.js';

/**
 * How [0, 1] RGB values are mapped before the model:
 * - 'unit' (default): unchanged, [0, 1];
 * - 'symmetric': 2·x − 1, [−1, 1] (MobileNet / Inception style);
 * - { mean, std }: (x − mean[c]) / std[c] per channel, on the [0, 1] scale
 *   (ImageNet: mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225]).
 */
export type Normalization = 'unit' | 'symmetric' | { mean: readonly [number, number, number]; std: readonly [number, number, number] };

export const IMAGENET_NORMALIZATION = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;

/** Apply a normalisation in place to interleaved RGB float data. Returns the same array. */
export function normalizeInPlace(data: Float32Array, normalization: Normalization = 'unit'): Float32Array {
  if (normalization === 'unit') return data;
  if (normalization === 'symmetric') {
    for (let i = 0; i < data.length; i++) data[i] = data[i] * 2 - 1;
    return data;
  }
  const { mean, std } = normalization ?? {};
  if (!isTriple(mean) || !isTriple(std) || std.some((s) => s === 0)) {
    throw new ImageInputError(`normalization must be 'unit', 'symmetric' or { mean: [r, g, b], std: [r, g, b] } with finite numbers and non-zero std, got ${JSON.stringify(normalization)}.`);
  }
  for (let i = 0; i < data.length; i += 3) {
    data[i] = (data[i] - mean[0]) / std[0];
    data[i + 1] = (data[i + 1] - mean[1]) / std[1];
    data[i + 2] = (data[i + 2] - mean[2]) / std[2];
  }
  return data;
}

function isTriple(v: unknown): v is [number, number, number] {
  return Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}
