import { checkEmbeddingBackward } from '../checks/embedding.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type EmbeddingBackward = (ids: number, dy: number, dtable: number, n: number, dim: number, vocab: number) => void;

/**
 * dtable = zeros with dy's rows added at their ids (in order), written whole in WASM memory and
 * copied out once into `dtable`, so a reused gradient array takes no page faults and no loop
 * over rows runs here.
 */
export function embeddingBackward(ids: Int32Array, dy: Float32Array, dtable: Float32Array, n: number, dim: number, vocab: number): void {
  checkEmbeddingBackward(ids, dy, dtable, n, dim, vocab);
  const w = beginCall(bytesFor(ids.length, dy.length, dtable.length));
  const pids = put(ids);
  const pdy = put(dy);
  const pdt = space(dtable.length);
  (w.embedding_backward as EmbeddingBackward)(pids, pdy, pdt, n, dim, vocab);
  take(pdt, dtable);
}
