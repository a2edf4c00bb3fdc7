/** Embedding lookup (gather rows of a table by int ids), on kernels; differentiable w.r.t. the table. */
import { DTypeError, ValueError, formatShape } from '../errors.js';
import { record } from '../tape.js';
import { Tensor } from '../tensor.js';
import { kernel } from './kernel.js';

/** table [vocab, dim], ids int32 of any shape → [...ids.shape, dim]. */
export function embeddingLookup(table: Tensor, ids: Tensor): Tensor {
  if (table.rank !== 2) throw new ValueError(`embeddingLookup: table must be [vocab, dim], got ${formatShape(table.shape)}.`);
  const [vocab, dim] = table.shape;
  const idArray = toIds(ids, vocab);
  const n = idArray.length;
  const out = new Float32Array(n * dim);
  const td = table.data instanceof Float32Array ? table.data : Float32Array.from(table.data);
  kernel('embedding')(td, idArray, out, n, dim, vocab);
  return record(new Tensor(out, [...ids.shape, dim]), [table, ids], (dy) => {
    const dt = new Float32Array(table.size);
    kernel('embeddingBackward')(idArray, dy.data as Float32Array, dt, n, dim, vocab);
    return [new Tensor(dt, table.shape), null];
  });
}

/** Int ids from an int32 tensor, or a float32 tensor holding whole numbers (as Keras casts). */
function toIds(ids: Tensor, vocab: number): Int32Array {
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
