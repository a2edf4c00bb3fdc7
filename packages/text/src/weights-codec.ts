/**
 * Compact storage for the shipped weights. Large matrices (the embedding tables) are stored as
 * int8 with one float32 scale per row ("int8-rows"): q = round(w / s), s = max|row| / 127, so
 * each value comes back within s / 2 = max|row| / 254 of the original. Everything else stays
 * float32. decodeWeights rebuilds the plain little-endian float32 buffer that the model.json
 * weights manifest describes, so loading is the ordinary TF.js-format path.
 */
import { SentimentModelError } from './errors.js';

export type WeightEncoding = 'float32' | 'int8-rows';

export interface EncodedTensorSpec {
  name: string;
  shape: number[];
  encoding: WeightEncoding;
}

export interface NamedWeights {
  name: string;
  shape: number[];
  data: Float32Array;
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Encodes tensors in order; rank-2 tensors with at least `minInt8Size` values become int8-rows. */
export function encodeWeights(tensors: readonly NamedWeights[], minInt8Size = 65536): { bytes: Uint8Array; specs: EncodedTensorSpec[] } {
  const chunks: Uint8Array[] = [];
  const specs: EncodedTensorSpec[] = [];
  for (const t of tensors) {
    const int8 = t.shape.length === 2 && t.data.length >= minInt8Size;
    specs.push({ name: t.name, shape: [...t.shape], encoding: int8 ? 'int8-rows' : 'float32' });
    if (!int8) {
      chunks.push(new Uint8Array(Float32Array.from(t.data).buffer));
      continue;
    }
    const [rows, cols] = t.shape;
    const scales = new Float32Array(rows);
    const q = new Int8Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      let max = 0;
      for (let c = 0; c < cols; c++) max = Math.max(max, Math.abs(t.data[r * cols + c]));
      const s = max / 127;
      scales[r] = s;
      if (s === 0) continue;
      // Rounded through float32, as the decoder will see it.
      const sf = scales[r];
      for (let c = 0; c < cols; c++) q[r * cols + c] = Math.max(-127, Math.min(127, Math.round(t.data[r * cols + c] / sf)));
    }
    chunks.push(new Uint8Array(scales.buffer), new Uint8Array(q.buffer));
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, specs };
}

/** Bytes the encoded form of `specs` takes. */
export function encodedByteLength(specs: readonly EncodedTensorSpec[]): number {
  return specs.reduce((n, s) => n + (s.encoding === 'float32' ? 4 * sizeOf(s.shape) : 4 * s.shape[0] + sizeOf(s.shape)), 0);
}

/** The float32 little-endian weight buffer for `specs`, from their encoded bytes. */
export function decodeWeights(bytes: Uint8Array, specs: readonly EncodedTensorSpec[]): Uint8Array {
  for (const s of specs) {
    if (s.encoding !== 'float32' && s.encoding !== 'int8-rows') throw new SentimentModelError(`Unknown weight encoding '${String(s.encoding)}' for ${s.name}; expected 'float32' or 'int8-rows'.`);
  }
  const expected = encodedByteLength(specs);
  if (bytes.length !== expected) throw new SentimentModelError(`Encoded weights have ${bytes.length} bytes but their specs describe ${expected}; the weights and the model description do not belong together.`);
  const total = specs.reduce((n, s) => n + sizeOf(s.shape), 0);
  const out = new Float32Array(total);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let src = 0;
  let dst = 0;
  for (const s of specs) {
    const n = sizeOf(s.shape);
    if (s.encoding === 'float32') {
      for (let i = 0; i < n; i++) out[dst + i] = view.getFloat32(src + 4 * i, true);
      src += 4 * n;
    } else {
      const [rows, cols] = s.shape;
      const q = src + 4 * rows;
      for (let r = 0; r < rows; r++) {
        const scale = view.getFloat32(src + 4 * r, true);
        for (let c = 0; c < cols; c++) out[dst + r * cols + c] = view.getInt8(q + r * cols + c) * scale;
      }
      src = q + rows * cols;
    }
    dst += n;
  }
  return new Uint8Array(out.buffer);
}
