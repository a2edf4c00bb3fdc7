/**
 * Affine weight quantization in the TF.js format: a float32 tensor is stored as uint8 (or uint16)
 * codes q with `{ dtype, min, scale }` in its manifest entry, and read back as q · scale + min.
 * The range is the tensorflowjs converter's: [min(w, 0), max(w, 0)] nudged so that 0 is exactly
 * representable (a zero weight stays zero), codes rounded half up.
 */
import { ValueError } from '../errors.js';

export type QuantizationDType = 'uint8' | 'uint16';

export interface Quantization {
  dtype: QuantizationDType;
  min: number;
  scale: number;
}

const MAX_CODE: Record<QuantizationDType, number> = { uint8: 255, uint16: 65535 };

/** Bytes per stored value. */
export function quantizedBytesPerValue(dtype: QuantizationDType): number {
  return dtype === 'uint8' ? 1 : 2;
}

/** float32 values → codes and the `{dtype, min, scale}` that decode them. Values must be finite. */
export function quantize(values: Float32Array, dtype: QuantizationDType): { codes: Uint8Array | Uint16Array; quantization: Quantization } {
  const maxCode = MAX_CODE[dtype];
  if (maxCode === undefined) throw new ValueError(`quantize: dtype must be 'uint8' or 'uint16', got ${JSON.stringify(dtype)}.`);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new ValueError(`quantize: value ${v} at flat index ${i} is not finite; only finite weights can be quantized.`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // All zeros: any scale decodes them; 1 keeps the manifest meaningful (the converter does the same).
  const scale = hi === lo ? 1 : (hi - lo) / maxCode;
  const zeroPoint = Math.round(-lo / scale);
  const min = -zeroPoint * scale;
  const max = maxCode * scale + min;
  const codes = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Math.min(Math.max(values[i], min), max);
    codes[i] = Math.min(maxCode, Math.floor((v - min) / scale + 0.5));
  }
  return { codes, quantization: { dtype, min, scale } };
}

/** Codes → float32 values (q · scale + min), as TF.js decodes them. */
export function dequantize(codes: Uint8Array | Uint16Array, quantization: Quantization): Float32Array {
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i] * quantization.scale + quantization.min;
  return out;
}
