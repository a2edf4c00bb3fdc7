import { checkEmbeddingBackward } from '../checks/embedding.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type EmbeddingBackward = (ids: number, dy: number, unique: number, rows: number, n: number, dim: number, vocab: number) => number;

/**
 * The kernel returns only the rows some id touches (summed over repeats); they are placed into
 * the zeroed table gradient here, so the whole [vocab, dim] gradient never crosses into WASM.
 */
export function embeddingBackward(ids: Int32Array, dy: Float32Array, dtable: Float32Array, n: number, dim: number, vocab: number): void {
  checkEmbeddingBackward(ids, dy, dtable, n, dim, vocab);
  const w = beginCall(bytesFor(ids.length, dy.length, n, n * dim));
  const pids = put(ids);
  const pdy = put(dy);
  const punique = space(n);
  const prows = space(n * dim);
  const count = (w.embedding_backward as EmbeddingBackward)(pids, pdy, punique, prows, n, dim, vocab) >>> 0;
  const unique = new Int32Array(count);
  const rows = new Float32Array(count * dim);
  take(punique, unique);
  take(prows, rows);
  dtable.fill(0);
  for (let s = 0; s < count; s++) dtable.set(rows.subarray(s * dim, (s + 1) * dim), unique[s] * dim);
}
