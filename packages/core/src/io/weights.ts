/**
 * Weight manifests and binary weight data: validation before anything is allocated, decoding of
 * little-endian float32/int32 values with exact size checks, and encoding for saving.
 */
import { formatShape } from '../errors.js';
import { Tensor, type TypedArray } from '../tensor.js';
import { describeJson, type WeightDType, type WeightSpec } from './artifacts.js';
import { ModelFormatError, WeightDataError } from './errors.js';
import { isRecord } from './safe-json.js';

/** Default cap on the total weight bytes a manifest may declare (1 GiB); `maxWeightBytes` raises it. */
export const DEFAULT_MAX_WEIGHT_BYTES = 2 ** 30;
const MAX_RANK = 8;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export interface CheckedSpec extends WeightSpec {
  /** Number of values (product of the shape). */
  size: number;
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
  totalBytes: number;
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
      const bytes = spec.size * 4;
      if (totalBytes + bytes > maxBytes) {
        throw new WeightDataError(`${what}: the manifest declares more than ${formatBytes(maxBytes)} of weights (reached at '${spec.name}', shape ${formatShape(spec.shape)}). Refusing to allocate; pass { maxWeightBytes } to loadModel if the model is genuinely this large.`);
      }
      specs.push({ ...spec, offset });
      offset += bytes;
      totalBytes += bytes;
    });
    out.push({ paths: [...paths] as string[], specs, bytes: offset });
  });
  return { groups: out, totalBytes, totalValues: totalBytes / 4 };
}

function checkSpec(raw: unknown, where: string): Omit<CheckedSpec, 'offset'> {
  if (!isRecord(raw)) throw new ModelFormatError(`${where} must be an object {name, shape, dtype}, got ${describeJson(raw)}.`);
  const { name, shape, dtype } = raw;
  if (typeof name !== 'string' || name.length === 0 || name.length > 1024) throw new ModelFormatError(`${where}.name must be a non-empty string, got ${describeJson(name)}.`);
  if (raw.quantization != null) {
    throw new WeightDataError(`${where} ('${name}') is quantized; quantized weights are not supported. Re-export the model without --quantize_* options.`);
  }
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new WeightDataError(`${where} ('${name}') has dtype ${JSON.stringify(dtype)}; only 'float32' and 'int32' weights are supported.`);
  }
  if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new ModelFormatError(`${where} ('${name}') has shape ${describeJson(shape)}; a shape is an array of at most ${MAX_RANK} whole numbers ≥ 0.`);
  }
  const size = (shape as number[]).reduce((n, d) => n * d, 1);
  if (!Number.isSafeInteger(size)) throw new WeightDataError(`${where} ('${name}') has shape ${formatShape(shape as number[])} with ${size} values, far beyond any real weight.`);
  return { name, shape: [...(shape as number[])], dtype, size };
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
    const data = readValues(bytes, spec.offset, spec.size, spec.dtype);
    if (spec.dtype === 'float32') {
      for (let i = 0; i < data.length; i++) {
        if (!Number.isFinite(data[i])) {
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

/** Concatenates tensors as little-endian bytes in order, with their specs. */
export function encodeWeights(named: { name: string; tensor: Tensor }[]): { specs: WeightSpec[]; data: ArrayBuffer } {
  const total = named.reduce((n, w) => n + w.tensor.size * 4, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const specs: WeightSpec[] = [];
  let offset = 0;
  for (const { name, tensor } of named) {
    const { data } = tensor;
    if (LITTLE_ENDIAN) {
      out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    } else {
      for (let i = 0; i < data.length; i++) tensor.dtype === 'int32' ? view.setInt32(offset + i * 4, data[i], true) : view.setFloat32(offset + i * 4, data[i], true);
    }
    specs.push({ name, shape: [...tensor.shape], dtype: tensor.dtype });
    offset += data.byteLength;
  }
  return { specs, data: out.buffer };
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
