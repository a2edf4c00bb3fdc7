import { checkEmbedding } from '../checks/embedding.js';
import { beginCall, bytesFor, put, spaceFor, take } from '../scratch.js';

type Embedding = (table: number, ids: number, out: number, n: number, dim: number, vocab: number) => void;

export function embedding(table: Float32Array, ids: Int32Array, out: Float32Array, n: number, dim: number, vocab: number): void {
  checkEmbedding(table, ids, out, n, dim, vocab);
  const w = beginCall(bytesFor(table, ids.length, out.length)); // the table: no arena space if resident
  const pt = put(table);
  const pids = put(ids);
  const pout = spaceFor(out);
  (w.embedding as Embedding)(pt, pids, pout, n, dim, vocab);
  take(pout, out);
}
