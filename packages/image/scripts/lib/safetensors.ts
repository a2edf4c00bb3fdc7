/**
 * A reader for .safetensors files (Hugging Face's format: u64 little-endian header length, a JSON
 * header {name: {dtype, shape, data_offsets}}, then the raw little-endian data). F32 only, which
 * is all the converted checkpoints hold.
 */
import { readFile } from 'node:fs/promises';

export interface NamedArray {
  shape: number[];
  data: Float32Array;
}

export async function readSafetensors(path: string): Promise<Map<string, NamedArray>> {
  const bytes = await readFile(path);
  if (bytes.byteLength < 8) throw new Error(`${path}: ${bytes.byteLength} bytes is too short for a safetensors file.`);
  const headerBytes = Number(bytes.readBigUInt64LE(0));
  if (8 + headerBytes > bytes.byteLength) throw new Error(`${path}: the header claims ${headerBytes} bytes but the file has ${bytes.byteLength}: truncated?`);
  const header = JSON.parse(bytes.subarray(8, 8 + headerBytes).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const base = 8 + headerBytes;
  const out = new Map<string, NamedArray>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (entry.dtype !== 'F32') throw new Error(`${path}: tensor '${name}' is ${entry.dtype}; only F32 is supported.`);
    const [begin, end] = entry.data_offsets;
    const count = entry.shape.reduce((n, d) => n * d, 1);
    if (end - begin !== count * 4 || base + end > bytes.byteLength) throw new Error(`${path}: tensor '${name}' (shape [${entry.shape.join(', ')}]) has bad data offsets [${begin}, ${end}].`);
    // A copy: the tensor's bytes need not be 4-byte aligned inside the file.
    const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + base + begin, bytes.byteOffset + base + end));
    out.set(name, { shape: entry.shape, data });
  }
  return out;
}
