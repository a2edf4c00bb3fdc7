/**
 * Resident arrays: model weights kept in WASM memory between kernel calls, so a call does not
 * copy unchanged weights in again (the seed CNN's dense kernel alone is 75 MB).
 *
 * An array registered with `markResident` gets its own WASM allocation the first time a kernel
 * call `put`s it (see scratch.ts); later calls use that copy as is. The JS array stays the
 * source of truth and the WASM copy is only a cache of it:
 * - whoever writes the JS array in place calls `invalidateResident` (core's Variable does it in
 *   `assign`, the optimizers after each update); the next call copies it in once;
 * - a WASM kernel that updates a resident input in place (the optimizer updates) updates the copy
 *   too, and `take` writes the result back to the array, so both agree; a kernel output taken
 *   into a resident array from anywhere else marks it stale (`noteTaken`);
 * - the copy can be dropped at any time (memory pressure, `releaseResident`, garbage collection of
 *   the array, a trapped instance) and is simply made again when next needed.
 * Ranges (a big weight shared by threads, each updating a part of it: core's sharded update):
 * - `writeResident(data, offset, values)` writes values into the array and, when the array has a
 *   current copy, into the copy too (else the copy is marked stale as by `invalidateResident`);
 * - `residentRange(data, start, end)` gives a view of a registered array that kernels `put` as the
 *   matching part of the array's copy (made or refreshed first), so an in-place update of the range
 *   (an optimizer on its part of a weight) runs in the copy, and `take` into the view leaves the
 *   copy current. A view never has a copy of its own: if the array was used already in the call,
 *   the view is copied into the arena like any array, and taking into it marks the array stale.
 *   Both give the array a new version.
 * Total resident bytes are kept under a limit (`setResidentLimit`) by dropping the least recently
 * used copies, so models created in a loop cannot fill WebAssembly memory before the garbage
 * collector frees their copies.
 *
 * Kept updates (optimizer state): `keepUpdate` leaves an in-place kernel update in the copy only, so
 * the copy is newer than the array ("ahead"). The array is brought up to date by `syncResident`
 * (whoever reads it calls that first: the optimizer's getState) and before the copy is dropped for
 * any reason above (from the old instance's memory after a trap, which stays readable).
 *
 * Every change to a registered array (`invalidateResident`, a kernel output taken into it) gives
 * it a new version number. Derived buffers (`derivedBuffer`) are WASM-only caches computed from
 * registered arrays (e.g. an embedding's LSTM input projection table); they share the limit and
 * the LRU order with the copies, and are reported invalid once any of their sources has a new
 * version, so the kernel recomputes them.
 */
import type { KernelExports } from './wasm-module.js';

type Data = Float32Array | Int32Array;

interface Entry {
  /** Byte offset of the WASM copy; 0 when there is none. */
  ptr: number;
  bytes: number;
  /** The instance `ptr` belongs to: a trap replaces the instance and voids every copy. */
  owner: KernelExports | null;
  /** The JS array changed since it was last copied in. */
  stale: boolean;
  /** Number of the kernel call that last used this entry (for LRU and duplicate detection). */
  lastCall: number;
  /** Changes with every change to the array; unique across arrays and registrations. */
  version: number;
  /** The copy is newer than the array: a kernel's in-place update was kept there (`keepUpdate`). */
  ahead?: boolean;
  /** The array, for bringing it up to date from an `ahead` copy (null: updates are never kept). */
  ref?: WeakRef<Data> | null;
}

/**
 * A derived buffer: `stale` means its contents must be recomputed. It keeps only its sources'
 * versions (not the arrays, so they can be collected): a version names one array at one time.
 */
interface Derived extends Entry {
  versions: number[];
}

const ALIGN = 16;
const entries = new WeakMap<Data, Entry>();
const derived = new WeakMap<object, Derived>();
/** Views made by `residentRange`: the registered array each belongs to and its element offset there. */
const views = new WeakMap<Data, { parent: Data; offset: number }>();
let versions = 0;
/** Entries that currently hold an allocation. */
const holding = new Set<Entry>();
let heldBytes = 0;
let limit = 512 * 2 ** 20;
let copiedBytes = 0;
let verify = false;

// Frees the copy of an array the garbage collector reclaimed. Not every runtime has
// FinalizationRegistry; without it copies are still bounded by the limit and dropped by LRU.
const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<Entry>(drop) : null;

function sizeOf(data: Data): number {
  return Math.ceil((data.length * 4) / ALIGN) * ALIGN;
}

/**
 * Keeps `data` in WASM memory across kernel calls from its next use on. Call `invalidateResident`
 * after every in-place write to it that is not a WASM kernel's output. No effect on the reference
 * kernels.
 */
export function markResident(data: Data): void {
  if (entries.has(data) || views.has(data)) return;
  const ref = typeof WeakRef === 'function' ? new WeakRef(data) : null;
  const entry: Entry = { ptr: 0, bytes: 0, owner: null, stale: true, lastCall: -1, version: ++versions, ahead: false, ref };
  entries.set(data, entry);
  registry?.register(data, entry, entry);
}

/** Declares that `data` was changed in place: the next kernel call copies it in again. */
export function invalidateResident(data: Data): void {
  const entry = entryOf(data);
  if (entry) {
    entry.ahead = false; // the array is declared current
    entry.stale = true;
    entry.version = ++versions;
  }
}

/** The current version of a registered array, or of the one a `residentRange` view belongs to (changes with each change to it); -1 if not registered. */
export function residentVersion(data: Data): number {
  return entryOf(data)?.version ?? -1;
}

/** The array a `residentRange` view belongs to; `data` itself for anything else. */
export function residentBase(data: Data): Data {
  return views.get(data)?.parent ?? data;
}

/** The entry of a registered array, or of the array a view belongs to. */
function entryOf(data: Data): Entry | undefined {
  return entries.get(residentBase(data));
}

/**
 * `data.subarray(start, end)`, which kernels use in place in `data`'s resident copy (see the file
 * comment). A plain subarray when `data` is not registered.
 */
export function residentRange<T extends Data>(data: T, start: number, end: number): T {
  const view = data.subarray(start, end) as T;
  if (entries.has(data)) views.set(view, { parent: data, offset: (view.byteOffset - data.byteOffset) / 4 });
  return view;
}

/**
 * `data.set(values, offset)` that keeps `data`'s resident copy current: the values are written
 * into the copy too when it is current, else the copy is marked stale (copied in on next use).
 * Either way `data` gets a new version. On a `residentRange` view it writes that part of its array
 * (and of the array's copy). A plain `set` for an array that is not registered.
 */
export function writeResident(data: Data, offset: number, values: ArrayLike<number>): void {
  if (!Number.isInteger(offset)) throw new RangeError(`writeResident: offset must be a whole number, got ${String(offset)}.`);
  syncResident(data); // the rest of the array must be current too
  data.set(values, offset); // throws a RangeError, changing nothing, if the range does not fit
  const view = views.get(data); // a residentRange view: its array's copy
  const entry = entryOf(data);
  if (entry === undefined) return;
  entry.version = ++versions;
  if (entry.stale || entry.owner === null) {
    entry.stale = true;
    return;
  }
  const memory = entry.owner.memory.buffer;
  const at = entry.ptr + ((view?.offset ?? 0) + offset) * 4;
  if (data instanceof Float32Array) new Float32Array(memory, at, values.length).set(values);
  else new Int32Array(memory, at, values.length).set(values);
  copiedBytes += values.length * 4;
}

/** Frees the WASM copy of `data` now and stops keeping it resident. */
export function releaseResident(data: Data): void {
  const entry = entries.get(data);
  if (!entry) return;
  drop(entry);
  registry?.unregister(entry);
  entries.delete(data);
}

/** Whether `data` is registered as resident. */
export function isResident(data: Data): boolean {
  return entries.has(data);
}

/**
 * Caps the bytes kept resident (default 512 MiB); 0 turns residency off. Copies over the new
 * limit are freed at once, least recently used first.
 */
export function setResidentLimit(bytes: number): void {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`setResidentLimit: bytes must be a finite number ≥ 0, got ${String(bytes)}.`);
  limit = bytes;
  evict(0, Infinity);
}

/** Current resident bytes and copies made, for tests and diagnostics. */
export function residentStats(): { arrays: number; bytes: number; limit: number; copiedBytes: number } {
  return { arrays: holding.size, bytes: heldBytes, limit, copiedBytes };
}

/**
 * Test aid: when on, every use of a resident copy first checks it still equals its JS array and
 * throws if not — a stale copy then fails loudly instead of giving wrong answers.
 */
export function setResidentVerification(on: boolean): void {
  verify = on;
}

/** Whether the next `put` of `data` in a call that has not used it yet would use a resident copy. */
export function residentCandidate(data: Data): boolean {
  return entries.has(data) && sizeOf(data) <= limit;
}

/**
 * The byte offset of `data`'s resident copy, made or refreshed as needed; 0 when it must be
 * copied into the scratch arena instead: not registered, over the limit, out of memory, or already
 * used in this call (two arguments of one call never share memory, so an in-place kernel cannot
 * read what it is writing).
 */
export function residentPointer(w: KernelExports, data: Data, call: number): number {
  const view = views.get(data);
  if (view !== undefined) {
    const ptr = residentPointer(w, view.parent, call);
    return ptr === 0 ? 0 : ptr + view.offset * 4;
  }
  const entry = entries.get(data);
  if (entry === undefined || !hold(w, entry, sizeOf(data), call)) return 0;
  const memory = w.memory.buffer;
  if (entry.stale) {
    if (data instanceof Float32Array) new Float32Array(memory, entry.ptr, data.length).set(data);
    else new Int32Array(memory, entry.ptr, data.length).set(data);
    copiedBytes += data.length * 4;
    entry.stale = false;
  } else if (verify && !entry.ahead) {
    const copy = data instanceof Float32Array ? new Float32Array(memory, entry.ptr, data.length) : new Int32Array(memory, entry.ptr, data.length);
    for (let i = 0; i < data.length; i++) {
      if (!Object.is(copy[i], data[i])) throw new Error(`Stale resident copy: element ${i} is ${copy[i]} in WASM memory but ${data[i]} in the array (an in-place write was not followed by invalidateResident).`);
    }
  }
  return entry.ptr;
}

/**
 * Gives `entry` an allocation of `bytes` in instance `w` for this call (a new one is stale) and
 * marks it used by the call; false when it cannot: already used in this call (two arguments of
 * one call never share memory), over the limit, or out of memory.
 */
function hold(w: KernelExports, entry: Entry, bytes: number, call: number): boolean {
  if (entry.lastCall === call || bytes > limit) return false;
  entry.lastCall = call;
  if (entry.owner !== w || entry.bytes !== bytes) {
    drop(entry);
    const ptr = allocate(w, bytes, call);
    if (ptr === 0) return false;
    entry.ptr = ptr;
    entry.bytes = bytes;
    entry.owner = w;
    entry.stale = true;
    holding.add(entry);
    heldBytes += bytes;
  }
  return true;
}

/**
 * Where a kernel may write an output that the call then `take`s whole into `data`: `data`'s own
 * resident copy (so a later call reading `data` needs no copy in), or 0 when `data` has none to
 * give (not registered, a `residentRange` view, over the limit, out of memory, or already used in
 * this call): the wrapper then writes to the arena. The copy counts as stale until the take.
 */
export function residentOutputPointer(w: KernelExports, data: Data, call: number): number {
  const entry = views.has(data) ? undefined : entries.get(data);
  if (entry === undefined || !hold(w, entry, sizeOf(data), call)) return 0;
  entry.ahead = false; // the output replaces every element
  entry.stale = true;
  return entry.ptr;
}

/**
 * A kernel output at `ptr` was copied into `out`. From `out`'s own copy, the two are now equal
 * (a whole array; a view's take leaves the rest of the array as it was); from anywhere else, the
 * copy is stale.
 */
export function noteTaken(out: Data, ptr: number): void {
  const view = views.get(out);
  const entry = entryOf(out);
  if (!entry) return;
  settle(entry); // a view's take overwrites only part of the array
  entry.version = ++versions;
  if (entry.ptr === 0 || entry.ptr + (view?.offset ?? 0) * 4 !== ptr) entry.stale = true;
  else if (view === undefined) entry.stale = false;
}

/**
 * A kernel updated `data` in place at `ptr`: if that is `data`'s resident copy, the update is kept
 * there without copying it out (the copy is then newer than the array until `syncResident`, or until
 * the copy is dropped, which writes it back first) and true is returned; else false (copy it out).
 * For optimizer state, which only the update kernels write and few places read.
 */
export function keepUpdate(data: Data, ptr: number): boolean {
  const entry = entries.get(data);
  if (entry === undefined || !entry.ref || entry.owner === null || entry.stale || entry.ptr !== ptr) return false;
  entry.ahead = true;
  entry.version = ++versions;
  return true;
}

/** Brings `data` up to date when its resident copy holds kept updates (see `keepUpdate`); call before reading it. */
export function syncResident(data: Data): void {
  const entry = entryOf(data);
  if (entry) settle(entry);
}

/** Copies an `ahead` copy back into its array. */
function settle(entry: Entry): void {
  if (!entry.ahead) return;
  entry.ahead = false;
  const data = entry.ref?.deref();
  if (data === undefined || entry.owner === null) return; // the array was collected: nothing to keep
  const memory = entry.owner.memory.buffer;
  if (data instanceof Float32Array) data.set(new Float32Array(memory, entry.ptr, data.length));
  else data.set(new Int32Array(memory, entry.ptr, data.length));
}

/**
 * A WASM buffer of `bytes` cached across calls under the key `anchor`, computed from `sources`
 * (all registered as resident); `valid` is false when its contents must be recomputed (new, or
 * a source changed or another array is given since). null when it cannot be kept: a source is not
 * registered, it exceeds the limit, or memory is short. Call after `put`ting this call's inputs.
 */
export function derivedBuffer(w: KernelExports, anchor: object, sources: Data[], bytes: number, call: number): { ptr: number; valid: boolean } | null {
  const now = sources.map(residentVersion);
  if (now.includes(-1)) return null;
  bytes = Math.ceil(bytes / ALIGN) * ALIGN;
  if (bytes > limit) return null;
  let entry = derived.get(anchor);
  if (entry === undefined) {
    entry = { ptr: 0, bytes: 0, owner: null, stale: true, lastCall: -1, version: 0, versions: now };
    derived.set(anchor, entry);
    registry?.register(anchor, entry);
  }
  if (!hold(w, entry, bytes, call)) return null;
  const valid = !entry.stale && now.length === entry.versions.length && now.every((v, i) => v === entry!.versions[i]);
  entry.versions = now;
  entry.stale = false;
  return { ptr: entry.ptr, valid };
}

/** Adds bytes copied into the scratch arena to the statistics. */
export function countCopied(bytes: number): void {
  copiedBytes += bytes;
}

/**
 * Called after a kernel trapped. If the instance was replaced, the copies went with it; if not,
 * a copy may have been half-written by the trapped kernel, so all are refreshed before next use.
 */
export function afterTrap(restarted: boolean): void {
  for (const entry of holding) {
    settle(entry); // from the old instance's memory, which stays readable
    if (restarted) forget(entry);
    else entry.stale = true;
  }
}

/** Frees every resident copy (between calls, when memory is short); they are made again on use. */
export function dropResidentCopies(): void {
  for (const entry of [...holding]) drop(entry);
}

/** Allocates `bytes`, dropping least recently used copies (never one this call uses) as needed. */
function allocate(w: KernelExports, bytes: number, call: number): number {
  evict(bytes, call);
  let ptr = w.alloc_bytes(bytes);
  if (ptr === 0) {
    consumeFailure(w);
    evict(Infinity, call); // memory is short: keep only what this call uses, then try once more
    ptr = w.alloc_bytes(bytes);
    if (ptr === 0) consumeFailure(w);
  }
  return ptr;
}

/** Drops copies, least recently used first, until `incoming` more bytes fit under the limit. */
function evict(incoming: number, call: number): void {
  if (heldBytes + incoming <= limit) return;
  const byAge = [...holding].filter((e) => e.lastCall !== call).sort((a, b) => a.lastCall - b.lastCall);
  for (const entry of byAge) {
    if (heldBytes + incoming <= limit) return;
    drop(entry);
  }
}

/** Frees an entry's copy and marks it as having none (after a restart no entry has an owner). */
function drop(entry: Entry): void {
  settle(entry); // before the memory is freed
  if (entry.ptr !== 0 && entry.owner !== null) entry.owner.free_bytes(entry.ptr, entry.bytes);
  forget(entry);
}

/** Marks an entry as having no copy (its callers have settled an ahead copy first). */
function forget(entry: Entry): void {
  if (holding.delete(entry)) heldBytes -= entry.bytes;
  entry.ptr = 0;
  entry.bytes = 0;
  entry.owner = null;
  entry.stale = true;
}

function consumeFailure(w: KernelExports): void {
  const f = w.last_alloc_failure;
  if (typeof f === 'function') (f as () => number)();
}
