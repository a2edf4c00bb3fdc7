import { checkDim, checkLength } from '../check.js';
import { checkIndices } from '../check-indices.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Embedding = (table: number, ids: number, out: number, n: number, dim: number, vocab: number) => void;

export function embedding(table: Float32Array, ids: Int32Array, out: Float32Array, n: number, dim: number, vocab: number): void {
  checkDim('embedding', 'n', n);
  checkDim('embedding', 'dim', dim);
  checkDim('embedding', 'vocab', vocab);
  checkLength('embedding', 'table', table, vocab * dim);
  checkLength('embedding', 'ids', ids, n);
  checkLength('embedding', 'out', out, n * dim);
  checkIndices('embedding', 'ids', ids, vocab);
  const w = beginCall(bytesFor(table.length, ids.length, out.length));
  const pt = put(table);
  const pids = put(ids);
  const pout = space(out.length);
  (w.embedding as Embedding)(pt, pids, pout, n, dim, vocab);
  take(pout, out);
}
