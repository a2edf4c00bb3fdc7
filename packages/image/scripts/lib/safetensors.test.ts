import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from './safetensors.js';

/** A safetensors file by hand: u64 LE header length, JSON header, data (here at an odd offset). */
function file(header: object, data: Uint8Array): string {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  const path = join(mkdtempSync(join(tmpdir(), 'safetensors-')), 'x.safetensors');
  writeFileSync(path, Buffer.concat([length, json, data]));
  return path;
}

describe('readSafetensors', () => {
  it('reads F32 tensors by name and shape, whatever the alignment of their bytes', async () => {
    const values = new Float32Array([1.5, -2, 3.25, 0, 7, 8]);
    const bytes = new Uint8Array(values.buffer);
    const path = file({ a: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] }, b: { dtype: 'F32', shape: [2], data_offsets: [16, 24] }, __metadata__: { x: 'y' } }, bytes);
    const tensors = await readSafetensors(path);
    expect([...tensors.keys()]).toEqual(['a', 'b']);
    expect(tensors.get('a')).toEqual({ shape: [2, 2], data: new Float32Array([1.5, -2, 3.25, 0]) });
    expect(tensors.get('b')).toEqual({ shape: [2], data: new Float32Array([7, 8]) });
  });

  it('refuses other dtypes, bad offsets and truncated files with a message', async () => {
    await expect(readSafetensors(file({ a: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)))).rejects.toThrow(/'a' is F16/);
    await expect(readSafetensors(file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)))).rejects.toThrow(/bad data offsets/);
    await expect(readSafetensors(file({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)))).rejects.toThrow(/bad data offsets/);
    const path = file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4));
    writeFileSync(path, Buffer.from([200, 0, 0, 0, 0, 0, 0, 0, 123]));
    await expect(readSafetensors(path)).rejects.toThrow(/truncated/);
  });
});
