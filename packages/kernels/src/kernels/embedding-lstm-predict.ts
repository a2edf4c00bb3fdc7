import { checkEmbeddingLstmPredict } from '../checks/lstm.js';
import { beginCall, bytesFor, cached, put, space, take } from '../scratch.js';

type EmbeddingLstmPredict = (
  ids: number, embeddings: number, kernel: number, recurrentKernel: number, bias: number, table: number, filled: number, reset: number, h: number,
  batch: number, steps: number, vocab: number, inDim: number, units: number, returnSequences: number,
) => void;

/**
 * Largest projection table kept per LSTM (vocab × 16·⌈units/4⌉ floats): 10,000 words × 64 units
 * take 10 MB. Larger vocabularies project each call's rows straight from the embedding instead.
 */
export const MAX_TABLE_BYTES = 16 * 2 ** 20;

export function embeddingLstmPredict(
  ids: Int32Array, embeddings: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, h: Float32Array,
  batch: number, steps: number, vocab: number, inDim: number, units: number, returnSequences: boolean,
): void {
  checkEmbeddingLstmPredict(ids, embeddings, kernel, recurrentKernel, bias, h, batch, steps, vocab, inDim, units, returnSequences);
  const w = beginCall(bytesFor(ids.length, embeddings, kernel, recurrentKernel, bias, h.length)); // weights: no arena space if resident
  const pids = put(ids);
  const pe = put(embeddings);
  const pk = put(kernel);
  const pr = put(recurrentKernel);
  const pb = put(bias);
  const ph = space(h.length);
  // The table (then one flag byte per row) is tied to the kernel array: an LSTM has one.
  const tableBytes = vocab * 64 * Math.ceil(units / 4);
  const table = tableBytes <= MAX_TABLE_BYTES ? cached(kernel, [embeddings, kernel, bias], tableBytes + vocab) : null;
  const pt = table === null ? 0 : table.ptr;
  const pf = table === null ? 0 : table.ptr + tableBytes;
  const reset = table !== null && !table.valid ? 1 : 0;
  (w.embedding_lstm_predict as EmbeddingLstmPredict)(pids, pe, pk, pr, pb, pt, pf, reset, ph, batch, steps, vocab, inDim, units, returnSequences ? 1 : 0);
  take(ph, h);
}
