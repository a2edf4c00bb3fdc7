/**
 * Weight manifests and binary weight data: validation before anything is allocated, decoding of
 * little-endian float32/int32 values (and uint8/uint16-quantized float32) with exact size checks,
 * and encoding for saving.
 */
import { formatShape } from '../errors.js';
import { Tensor, type TypedArray } from '../tensor.js';
import { describeJson, type WeightDType, type WeightSpec } from './artifacts.js';
import { ModelFormatError, WeightDataError } from './errors.js';
import { dequantize, quantize, quantizedBytesPerValue, type Quantization, type QuantizationDType } from './quantize.js';
import { isRecord } from './safe-json.js';
import { isFiniteNumber } from '../hot-globals.js';

/** Default cap on the total weight bytes a manifest may declare (1 GiB); `maxWeightBytes` raises it. */
export const DEFAULT_MAX_WEIGHT_BYTES = 2 ** 30;
const MAX_RANK = 8;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export interface CheckedSpec extends WeightSpec {
  /** Number of values (product of the shape). */
  size: number;
  /** Stored bytes: 4 per value, or 1 / 2 when quantized. */
  bytes: number;
  /** Byte offset inside its group's concatenated data. */
  offset: number;
}

export interface CheckedGroup {
  paths: string[];
  specs: CheckedSpec[];
  /** Exact byte length of the group's concatenated shards. */
  bytes: number;
}

export interface CheckedManifest {
  groups: CheckedGroup[];
  /** Stored bytes (what `maxBytes` caps). */
  totalBytes: number;
  /** Number of weight values (quantized weights store fewer bytes per value). */
  totalValues: number;
}

/**
 * Validates manifest groups (`[{paths, weights}]`): names, shapes, dtypes, and the total size against
 * `maxBytes` — all before any weight data is read or allocated.
 */
export function checkManifest(groups: unknown[], maxBytes: number, what: string): CheckedManifest {
  const seen = new Set<string>();
  const out: CheckedGroup[] = [];
  let totalBytes = 0;
  let totalValues = 0;
  groups.forEach((group, g) => {
    const where = `${what}: weightsManifest[${g}]`;
    if (!isRecord(group)) throw new ModelFormatError(`${where} must be an object {paths, weights}, got ${describeJson(group)}.`);
    const paths = group.paths ?? [];
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 1024)) {
      throw new ModelFormatError(`${where}.paths must be an array of shard file names, got ${describeJson(paths)}.`);
    }
    if (!Array.isArray(group.weights)) throw new ModelFormatError(`${where}.weights must be an array of {name, shape, dtype}, got ${describeJson(group.weights)}.`);
    const specs: CheckedSpec[] = [];
    let offset = 0;
    group.weights.forEach((raw, i) => {
      const spec = checkSpec(raw, `${where}.weights[${i}]`);
      if (seen.has(spec.name)) throw new ModelFormatError(`${what}: the weight name '${spec.name}' appears twice in the manifest.`);
      seen.add(spec.name);
      const { bytes } = spec;
      if (totalBytes + bytes > maxBytes) {
        throw new WeightDataError(`${what}: the manifest declares more than ${formatBytes(maxBytes)} of weights (reached at '${spec.name}', shape ${formatShape(spec.shape)}). Refusing to allocate; pass { maxWeightBytes } to loadModel if the model is genuinely this large.`);
      }
      specs.push({ ...spec, offset });
      offset += bytes;
      totalBytes += bytes;
      totalValues += spec.size;
    });
    out.push({ paths: [...paths] as string[], specs, bytes: offset });
  });
  return { groups: out, totalBytes, totalValues };
}

function checkSpec(raw: unknown, where: string): Omit<CheckedSpec, 'offset'> {
  if (!isRecord(raw)) throw new ModelFormatError(`${where} must be an object {name, shape, dtype}, got ${describeJson(raw)}.`);
  const { name, shape, dtype } = raw;
  if (typeof name !== 'string' || name.length === 0 || name.length > 1024) throw new ModelFormatError(`${where}.name must be a non-empty string, got ${describeJson(name)}.`);
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new WeightDataError(`${where} ('${name}') has dtype ${JSON.stringify(dtype)}; only 'float32' and 'int32' weights are supported.`);
  }
  const quantization = raw.quantization == null ? undefined : checkQuantization(raw.quantization, dtype, `${where} ('${name}')`);
  if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new ModelFormatError(`${where} ('${name}') has shape ${describeJson(shape)}; a shape is an array of at most ${MAX_RANK} whole numbers ≥ 0.`);
  }
  const size = (shape as number[]).reduce((n, d) => n * d, 1);
  if (!Number.isSafeInteger(size)) throw new WeightDataError(`${where} ('${name}') has shape ${formatShape(shape as number[])} with ${size} values, far beyond any real weight.`);
  const checked: Omit<CheckedSpec, 'offset'> = { name, shape: [...(shape as number[])], dtype, size, bytes: size * 4 };
  return quantization === undefined ? checked : { ...checked, bytes: size * quantizedBytesPerValue(quantization.dtype), quantization };
}

/** `{dtype: 'uint8' | 'uint16', min, scale}` on a float32 weight (what tensorflowjs_converter --quantize_uint8/16 writes). */
function checkQuantization(raw: unknown, dtype: WeightDType, where: string): Quantization {
  if (!isRecord(raw)) throw new ModelFormatError(`${where}.quantization must be an object {dtype, min, scale}, got ${describeJson(raw)}.`);
  if (raw.dtype !== 'uint8' && raw.dtype !== 'uint16') {
    throw new WeightDataError(`${where} is quantized as ${JSON.stringify(raw.dtype)}; only 'uint8' and 'uint16' (affine, tensorflowjs_converter --quantize_uint8 / --quantize_uint16) quantizations are supported. Re-export the model with one of those, or unquantized.`);
  }
  if (dtype !== 'float32') throw new WeightDataError(`${where} is a quantized ${dtype} weight; only float32 weights may be quantized.`);
  const { min, scale } = raw;
  if (typeof min !== 'number' || !Number.isFinite(min)) throw new ModelFormatError(`${where}.quantization.min must be a finite number, got ${describeJson(min)}.`);
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) throw new ModelFormatError(`${where}.quantization.scale must be a finite number > 0, got ${describeJson(scale)}.`);
  return { dtype: raw.dtype, min, scale };
}

/**
 * Decodes one group's concatenated bytes into tensors (name → tensor). The byte length must equal
 * the manifest's; float32 values must be finite.
 */
export function decodeGroup(group: CheckedGroup, bytes: Uint8Array, what: string, into: Map<string, Tensor>): void {
  if (bytes.byteLength !== group.bytes) {
    const relation = bytes.byteLength < group.bytes ? 'shorter' : 'longer';
    throw new WeightDataError(`${what} has ${bytes.byteLength} bytes but the manifest's ${group.specs.length} weights need exactly ${group.bytes}: the weight data is ${relation} than the manifest says (truncated, corrupted or from another model).`);
  }
  for (const spec of group.specs) {
    const data = spec.quantization === undefined ? readValues(bytes, spec.offset, spec.size, spec.dtype) : dequantize(readCodes(bytes, spec.offset, spec.size, spec.quantization.dtype), spec.quantization);
    if (spec.dtype === 'float32') {
      for (let i = 0; i < data.length; i++) {
        if (!isFiniteNumber(data[i])) {
          throw new WeightDataError(`Weight '${spec.name}' (shape ${formatShape(spec.shape)}) holds ${data[i]} at flat index ${i}; weights must be finite. The file is corrupt or the model diverged before it was saved.`);
        }
      }
    }
    into.set(spec.name, new Tensor(data, spec.shape, spec.dtype));
  }
}

function readValues(bytes: Uint8Array, offset: number, size: number, dtype: WeightDType): TypedArray {
  const copy = bytes.slice(offset, offset + size * 4);
  if (LITTLE_ENDIAN) return dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
  const view = new DataView(copy.buffer);
  const out = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = dtype === 'int32' ? view.getInt32(i * 4, true) : view.getFloat32(i * 4, true);
  return out;
}

/** Quantization codes, little-endian; copied, since a uint16 weight may start at an odd offset. */
function readCodes(bytes: Uint8Array, offset: number, size: number, dtype: QuantizationDType): Uint8Array | Uint16Array {
  if (dtype === 'uint8') return bytes.slice(offset, offset + size);
  const copy = bytes.slice(offset, offset + size * 2);
  if (LITTLE_ENDIAN) return new Uint16Array(copy.buffer);
  const view = new DataView(copy.buffer);
  return Uint16Array.from({ length: size }, (_, i) => view.getUint16(i * 2, true));
}

/**
 * Concatenates tensors as little-endian bytes in order, with their specs. An entry with `quantize`
 * (float32 only) is stored as uint8/uint16 codes with its `{dtype, min, scale}` in the spec.
 */
export function encodeWeights(named: { name: string; tensor: Tensor; quantize?: QuantizationDType }[]): { specs: WeightSpec[]; data: ArrayBuffer } {
  const specs: WeightSpec[] = [];
  const parts = named.map(({ name, tensor, quantize: dtype }) => {
    const spec: WeightSpec = { name, shape: [...tensor.shape], dtype: tensor.dtype };
    specs.push(spec);
    if (dtype === undefined) return littleEndianBytes(tensor.data);
    const { codes, quantization } = quantize(tensor.data as Float32Array, dtype);
    spec.quantization = quantization;
    return littleEndianBytes(codes);
  });
  return { specs, data: toBytes(parts, 'weights').buffer as ArrayBuffer };
}

/** The values' bytes in little-endian order (a view on little-endian machines). */
function littleEndianBytes(data: TypedArray | Uint16Array | Uint8Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN || data instanceof Uint8Array) return bytes;
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Uint16Array) view.setUint16(i * 2, data[i], true);
    else if (data instanceof Int32Array) view.setInt32(i * 4, data[i], true);
    else view.setFloat32(i * 4, data[i], true);
  }
  return out;
}

/** One Uint8Array view over ArrayBuffer / view / array-of-buffers weight data (copying only to join several). */
export function toBytes(data: unknown, what: string): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data)) {
    const parts = data.map((d, i) => {
      if (!(d instanceof ArrayBuffer) && !ArrayBuffer.isView(d)) throw new ModelFormatError(`${what}[${i}] must be an ArrayBuffer or typed array, got ${describeJson(d)}.`);
      return toBytes(d, what);
    });
    const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
  throw new ModelFormatError(`${what} must be an ArrayBuffer, a typed array or an array of them, got ${describeJson(data)}.`);
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  return `${n} bytes`;
}
