/**
 * Ranges of resident arrays (resident.ts): `writeResident` writes a range into the array and its
 * current copy; `residentRange` views are used in place in the array's copy. Every test checks
 * the two invariants: the copy equals the array (verification throws on any stale use), and each
 * change gives the array a new version.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { wasmKernels as k } from './kernels/index.js';
import { referenceKernels as ref } from './reference/index.js';
import { Activation } from './kernel-set.js';
import { beginCall } from './scratch.js';
import { markResident, residentRange, residentStats, residentVersion, setResidentVerification, writeResident } from './resident.js';
import { initSync, wasm } from './wasm-module.js';
import { randomFloats } from './test-support.js';

const ROWS = 3;
const IN = 37; // not a multiple of 4: SIMD tails, and ranges that start off a 16-byte boundary
const OUT = 11;

function dense(x: Float32Array, kernel: Float32Array): Float32Array {
  const out = new Float32Array(ROWS * OUT);
  k.dense(x, kernel, null, out, ROWS, IN, OUT, Activation.Linear);
  return out;
}

/** The same call on a copy of the kernel: never resident, so never stale. */
function denseFresh(x: Float32Array, kernel: Float32Array): Float32Array {
  return dense(x, kernel.slice());
}

function copied(): number {
  return residentStats().copiedBytes;
}

/** A resident kernel whose copy is current (used once). */
function residentKernel(seed: number, x: Float32Array): Float32Array {
  const kernel = randomFloats(IN * OUT, seed);
  markResident(kernel);
  dense(x, kernel);
  return kernel;
}

beforeAll(() => initSync());
afterEach(() => setResidentVerification(false));

describe('writeResident', () => {
  it('writes a range into the array and its current copy: no copy of the whole array afterwards', () => {
    setResidentVerification(true); // a stale copy below throws
    const x = randomFloats(ROWS * IN, 1);
    const kernel = residentKernel(2, x);
    const version = residentVersion(kernel);
    const values = randomFloats(101, 3);
    const before = copied();
    writeResident(kernel, 37, values);
    expect(copied() - before).toBe(values.length * 4);
    expect(kernel.subarray(37, 138)).toEqual(values);
    expect(residentVersion(kernel)).toBeGreaterThan(version);
    const again = copied();
    const y = dense(x, kernel);
    expect(copied() - again).toBe(x.length * 4); // the kernel was not copied in again
    expect(y).toEqual(denseFresh(x, kernel));
  });

  it('without a current copy it marks the array stale: the next call copies it in once', () => {
    setResidentVerification(true);
    const x = randomFloats(ROWS * IN, 4);
    const kernel = randomFloats(IN * OUT, 5);
    markResident(kernel); // registered, never used: no copy yet
    const version = residentVersion(kernel);
    writeResident(kernel, 0, [1, 2, 3]);
    expect(Array.from(kernel.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(residentVersion(kernel)).toBeGreaterThan(version);
    const before = copied();
    const y = dense(x, kernel);
    expect(copied() - before).toBe((x.length + kernel.length) * 4);
    expect(y).toEqual(denseFresh(x, kernel));
    // Now the copy is current: a write goes into it too.
    const v2 = residentVersion(kernel);
    writeResident(kernel, kernel.length - 2, [7, 8]);
    expect(residentVersion(kernel)).toBeGreaterThan(v2);
    expect(dense(x, kernel)).toEqual(denseFresh(x, kernel));
  });

  it('after a trap replaced the instance there is no copy: it falls back to copying in on next use', () => {
    const x = randomFloats(ROWS * IN, 6);
    const kernel = residentKernel(7, x);
    const oldMemory = wasm().memory;
    const relu = beginCall(0).relu as (x: number, out: number, n: number) => void;
    expect(() => relu(oldMemory.buffer.byteLength - 16, 0, 1024)).toThrow(WebAssembly.RuntimeError);
    expect(wasm().memory).not.toBe(oldMemory);
    const oldBytes = oldMemory.buffer.byteLength;
    writeResident(kernel, 5, randomFloats(50, 8)); // must not write into the old instance's memory
    expect(oldMemory.buffer.byteLength).toBe(oldBytes);
    setResidentVerification(true);
    const before = copied();
    const y = dense(x, kernel);
    expect(copied() - before).toBe((x.length + kernel.length) * 4);
    expect(y).toEqual(denseFresh(x, kernel));
  });

  it('a range that does not fit throws a RangeError and changes nothing', () => {
    setResidentVerification(true);
    const x = randomFloats(ROWS * IN, 9);
    const kernel = residentKernel(10, x);
    const saved = kernel.slice();
    const version = residentVersion(kernel);
    expect(() => writeResident(kernel, kernel.length - 1, [1, 2])).toThrow(RangeError);
    expect(kernel).toEqual(saved);
    expect(residentVersion(kernel)).toBe(version);
    expect(dense(x, kernel)).toEqual(denseFresh(x, kernel));
  });

  it('into a residentRange view: the range of its array and the array\'s copy', () => {
    setResidentVerification(true);
    const x = randomFloats(ROWS * IN, 23);
    const kernel = residentKernel(24, x);
    const view = residentRange(kernel, 50, 90);
    const version = residentVersion(kernel);
    writeResident(view, 3, [4, 5, 6]);
    expect(Array.from(kernel.subarray(53, 56))).toEqual([4, 5, 6]);
    expect(residentVersion(kernel)).toBeGreaterThan(version);
    expect(() => writeResident(view, 39, [1, 2])).toThrow(RangeError); // past the view's end, inside the array
    expect(() => writeResident(kernel, 1.5, [1])).toThrow(RangeError);
    const before = copied();
    const y = dense(x, kernel);
    expect(copied() - before).toBe(x.length * 4);
    expect(y).toEqual(denseFresh(x, kernel));
  });

  it('on an array that is not registered it is a plain set', () => {
    const a = new Float32Array(10);
    writeResident(a, 4, [1, 2]);
    expect(Array.from(a)).toEqual([0, 0, 0, 0, 1, 2, 0, 0, 0, 0]);
    expect(residentVersion(a)).toBe(-1);
  });
});

describe('residentRange', () => {
  const LR = 0.01;

  /** Adam on a plain copy of `param` (never resident): what the update in place must give bit for bit. */
  function adamPlain(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array): Float32Array[] {
    const [p, mm, vv] = [param.slice(), m.slice(), v.slice()];
    k.adamUpdate(p, grad, mm, vv, LR, 0.9, 0.999, 1e-7, 3, 0);
    return [p, mm, vv];
  }

  it('an optimizer update of a range runs in the copy: the weight is not copied in or marked stale', () => {
    setResidentVerification(true);
    const x = randomFloats(ROWS * IN, 11);
    const kernel = residentKernel(12, x);
    const [start, end] = [13, 13 + 250]; // starts off a 16-byte boundary; a length with a SIMD tail
    const grad = randomFloats(end - start, 13);
    const m = randomFloats(end - start, 14).map(Math.abs);
    const v = randomFloats(end - start, 15).map(Math.abs);
    const expected = adamPlain(kernel.subarray(start, end), grad, m, v);
    const outside = [kernel.slice(0, start), kernel.slice(end)];
    const version = residentVersion(kernel);
    const view = residentRange(kernel, start, end);
    expect(residentVersion(view)).toBe(version);
    const before = copied();
    k.adamUpdate(view, grad, m, v, LR, 0.9, 0.999, 1e-7, 3, 0);
    expect(copied() - before).toBe((grad.length + m.length + v.length) * 4); // not the weight
    expect(view).toEqual(expected[0]);
    expect(m).toEqual(expected[1]);
    expect(v).toEqual(expected[2]);
    expect(kernel.slice(0, start)).toEqual(outside[0]);
    expect(kernel.slice(end)).toEqual(outside[1]);
    expect(residentVersion(kernel)).toBeGreaterThan(version);
    const again = copied();
    const y = dense(x, kernel); // the copy has the new values
    expect(copied() - again).toBe(x.length * 4);
    expect(y).toEqual(denseFresh(x, kernel));
  });

  it('a view of an array without a current copy makes the copy first (once)', () => {
    setResidentVerification(true);
    const x = randomFloats(ROWS * IN, 16);
    const kernel = randomFloats(IN * OUT, 17);
    markResident(kernel);
    const view = residentRange(kernel, 100, 140);
    const out = new Float32Array(40);
    const before = copied();
    k.relu(view, out);
    expect(copied() - before).toBe(kernel.length * 4);
    const expected = new Float32Array(40);
    ref.relu(kernel.slice(100, 140), expected);
    expect(out).toEqual(expected);
    const again = copied();
    const y = dense(x, kernel);
    expect(copied() - again).toBe(x.length * 4);
    expect(y).toEqual(denseFresh(x, kernel));
  });

  it('a view and its array in one call never share memory, in either order', () => {
    setResidentVerification(true);
    const x = randomFloats(ROWS * IN, 18);
    for (const viewFirst of [true, false]) {
      const kernel = residentKernel(19, x);
      const plain = kernel.slice();
      const view = residentRange(kernel, 0, kernel.length);
      const velocity = new Float32Array(kernel.length);
      // p -= 0.1 · g with g the weight itself: an aliased gradient would read updated values.
      if (viewFirst) k.sgdUpdate(view, kernel, velocity, 0.1, 0.9, true);
      else k.sgdUpdate(kernel, view, velocity, 0.1, 0.9, true);
      k.sgdUpdate(plain, plain.slice(), new Float32Array(plain.length), 0.1, 0.9, true);
      expect(kernel).toEqual(plain);
      expect(dense(x, kernel)).toEqual(denseFresh(x, kernel));
    }
  });

  it('two views of one array in one call: the second is copied, and taking into it marks the array stale', () => {
    setResidentVerification(true);
    const x = randomFloats(ROWS * IN, 20);
    const kernel = residentKernel(21, x);
    const a = residentRange(kernel, 0, 50);
    const b = residentRange(kernel, 25, 75); // overlaps a
    const expected = new Float32Array(50);
    ref.relu(kernel.slice(0, 50), expected);
    const version = residentVersion(kernel);
    k.relu(a, b); // b is an output taken from the arena: the copy is stale now
    expect(b).toEqual(expected);
    expect(residentVersion(kernel)).toBeGreaterThan(version);
    const before = copied();
    const y = dense(x, kernel);
    expect(copied() - before).toBe((x.length + kernel.length) * 4);
    expect(y).toEqual(denseFresh(x, kernel));
  });

  it('a range of an array that is not registered is a plain subarray', () => {
    const a = randomFloats(40, 22);
    const view = residentRange(a, 10, 30);
    expect(view.buffer).toBe(a.buffer);
    expect(view.length).toBe(20);
    expect(residentVersion(view)).toBe(-1);
    const out = new Float32Array(20);
    const before = copied();
    k.relu(view, out);
    expect(copied() - before).toBe(20 * 4);
    const expected = new Float32Array(20);
    ref.relu(a.slice(10, 30), expected);
    expect(out).toEqual(expected);
  });
});
