/** Embedding lookup (gather rows of a table by int ids), on kernels; differentiable w.r.t. the table. */
import { residentVersion } from '@neurite/kernels';
import { DTypeError, ValueError, formatShape } from '../errors.js';
import { activationArray } from '../activation-pool.js';
import { gradientArray, isRecording, record } from '../tape.js';
import { Tensor, type TypedArray } from '../tensor.js';
import { kernel } from './kernel.js';

/** Where a lookup's rows came from: the table (at a resident version) and the ids. */
export interface Gathered {
  table: Float32Array;
  ids: Int32Array;
  vocab: number;
  version: number;
  data: TypedArray;
}

/**
 * Lookups made outside a tape from a resident table (a Variable's), by output: an LSTM reading
 * one of them at inference runs the fused embedding → LSTM kernel (see lstm.ts).
 */
const gathered = new WeakMap<Tensor, Gathered>();

/** How `x` was gathered, if it is an inference lookup's output and the table has not changed since. */
export function gatheredFrom(x: Tensor): Gathered | null {
  const g = gathered.get(x);
  return g !== undefined && x.data === g.data && residentVersion(g.table) === g.version ? g : null;
}

/** table [vocab, dim], ids int32 of any shape → [...ids.shape, dim]. */
export function embeddingLookup(table: Tensor, ids: Tensor): Tensor {
  if (table.rank !== 2) throw new ValueError(`embeddingLookup: table must be [vocab, dim], got ${formatShape(table.shape)}.`);
  const [vocab, dim] = table.shape;
  const idArray = toIds(ids, vocab);
  const n = idArray.length;
  const out = activationArray(n * dim); // the kernel writes every element
  const td = table.data instanceof Float32Array ? table.data : Float32Array.from(table.data);
  kernel('embedding')(td, idArray, out, n, dim, vocab);
  const version = residentVersion(td);
  if (!isRecording() && version !== -1) {
    // A copy of the ids when they are the caller's array, which could change before the LSTM runs.
    const own = idArray === ids.data ? idArray.slice() : idArray;
    const result = new Tensor(out, [...ids.shape, dim]);
    gathered.set(result, { table: td, ids: own, vocab, version, data: out });
    return result;
  }
  return record(new Tensor(out, [...ids.shape, dim]), [table, ids], (dy) => {
    const dt = gradientArray(table.size); // kept by the tape as is; the kernel zeroes it first
    kernel('embeddingBackward')(idArray, dy.data as Float32Array, dt, n, dim, vocab);
    return [new Tensor(dt, table.shape), null];
  }, true); // dy is read by the kernel only (as in lstm.ts)
}

/** Int ids from an int32 tensor, or a float32 tensor holding whole numbers (as Keras casts). */
export function toIds(ids: Tensor, vocab: number): Int32Array {
  let out: Int32Array;
  if (ids.data instanceof Int32Array) {
    out = ids.data;
  } else {
    out = new Int32Array(ids.size);
    for (let i = 0; i < ids.size; i++) {
      const v = ids.data[i];
      if (!Number.isInteger(v)) throw new DTypeError(`Embedding ids must be whole numbers, got ${v} at flat index ${i}. Pass token ids (e.g. from a Tokenizer), not features.`);
      out[i] = v;
    }
  }
  for (let i = 0; i < out.length; i++) {
    if (out[i] < 0 || out[i] >= vocab) {
      throw new ValueError(`Embedding id ${out[i]} at flat index ${i} is outside [0, ${vocab}). Raise inputDim to at least ${out[i] + 1} or fix the tokenizer's numWords.`);
    }
  }
  return out;
}
