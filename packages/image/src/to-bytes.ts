import { ImageInputError } from './errors.js';
import type { ImageBytes } from './types.js';

/** True for the byte containers accepted synchronously (Uint8Array incl. Node Buffer, ArrayBuffer, DataView). */
export function isImageBytes(input: unknown): input is ImageBytes {
  return input instanceof Uint8Array || input instanceof ArrayBuffer || input instanceof DataView ||
    (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer);
}

/** A zero-copy Uint8Array view of any accepted byte container. */
export function toUint8Array(input: ImageBytes): Uint8Array {
  const value: unknown = input;
  if (value instanceof Uint8Array) return value;
  if (value instanceof DataView) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
    return new Uint8Array(value);
  }
  throw new ImageInputError(`Expected image bytes (Uint8Array, Buffer, ArrayBuffer or DataView), got ${describe(value)}.`);
}

/** Blob (and File) without referencing the global at import time, so Node 18-era runtimes load. */
export function isBlob(input: unknown): input is Blob {
  return typeof Blob !== 'undefined' && input instanceof Blob;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = (value as object).constructor?.name;
  return name ? `a ${name}` : 'an object';
}
