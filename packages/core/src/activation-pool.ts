/**
 * Reuse of a training step's large forward outputs (activations) by the next step. A fresh array of
 * tens of MB costs a page fault per 4 KB on first write (for the seed CNN, copying conv1's 90 MB
 * output out of WASM memory ran 3× slower into a new array than into a reused one).
 *
 * Safety rests on two rules. Only arrays allocated by `activationArray` inside `collectActivations`
 * are ever recycled (so user data, weights and cached arrays never are), and the caller hands them
 * back with `releaseActivations` only once the step is over, naming every array that may still be
 * used (inputs, targets, weights, predictions, gradients): any collected array sharing a buffer
 * with one of those is kept. Spares are held weakly, as the tape's gradient spares.
 */
import { invalidateResident, markResident } from '@neurite/kernels';
import { SpareArrays } from './spare-arrays.js';
import { isRecording } from './tape.js';

/** Arrays allocated by `activationArray` in the current `collectActivations` call, or null. */
let collected: Float32Array[] | null = null;

const MIN_LENGTH = 1 << 16;
/**
 * Largest activation (in floats: 4 MiB) kept resident in WASM memory. Bigger ones (a CNN's early
 * layers) would crowd the weights out of the resident limit and grow WASM memory, which never
 * shrinks; the seed LSTM's are 1.6 MB.
 */
const RESIDENT_MAX = 1 << 20;
const spare = new SpareArrays(MIN_LENGTH, 4);

/** Off: `activationArray` always allocates (for tests comparing against plain allocation). */
let enabled = true;

export function setActivationRecycling(on: boolean): void {
  enabled = on;
}

let reusedCount = 0;

/** How many times `activationArray` has handed out a spare (for tests). */
export function reusedActivations(): number {
  return reusedCount;
}

/** Whether the innermost `collectActivations` is an inference pass (no tape records there). */
let inference = false;

/**
 * An array for a forward op's output. Inside `collectActivations` while a tape records (or in an
 * inference pass's), a large one may be a spare from an earlier step (contents unspecified: the op
 * must write every element, as kernel outputs do) and is collected for release after the step;
 * otherwise a new array. Outside recording in a training step (a backward function's work) it is
 * always new: gradients are not activations.
 */
export function activationArray(length: number): Float32Array {
  if (collected === null || !enabled || length < MIN_LENGTH || !(inference || isRecording())) return new Float32Array(length);
  const reused = spare.take(length);
  let a: Float32Array;
  if (reused) {
    reusedCount++;
    invalidateResident(reused); // its WASM copy holds the previous step's values
    a = reused;
  } else {
    a = new Float32Array(length);
    // A training step's activation up to RESIDENT_MAX keeps a WASM copy, written by the kernel
    // that outputs it (scratch.ts, spaceFor), so later calls reading it need not copy it in.
    if (!inference && length <= RESIDENT_MAX) markResident(a);
  }
  collected.push(a);
  return a;
}

/**
 * Runs `fn`, returning its result and the arrays `activationArray` handed out meanwhile (nested
 * calls collect their own). `inferencePass`: `fn` is a model's forward pass with no tape, e.g. one
 * batch of `predict`, whose every activation but the output is dead once it returns.
 */
export function collectActivations<T>(fn: () => T, inferencePass = false): { result: T; arrays: Float32Array[] } {
  const [outer, outerInference] = [collected, inference];
  const arrays: Float32Array[] = [];
  collected = arrays;
  inference = inferencePass;
  try {
    return { result: fn(), arrays };
  } finally {
    collected = outer;
    inference = outerInference;
  }
}

/**
 * Hands collected arrays nothing uses any more to later `activationArray` calls, except any that
 * shares a buffer with an array in `inUse` (so a reshape's or a layer's pass-through alias of a
 * prediction, input or weight is never recycled). Each array is given at most once.
 */
export function releaseActivations(arrays: readonly Float32Array[], inUse: Iterable<ArrayLike<number> & { buffer: ArrayBufferLike }>): void {
  const keep = new Set<ArrayBufferLike>();
  for (const a of inUse) keep.add(a.buffer);
  for (const a of arrays) {
    if (keep.has(a.buffer)) continue;
    keep.add(a.buffer); // never given twice
    spare.give(a);
  }
}

