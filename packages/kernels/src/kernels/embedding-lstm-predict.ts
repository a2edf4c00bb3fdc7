import { checkEmbeddingLstmPredict } from '../checks/lstm.js';
import type { KernelExports } from '../wasm-module.js';
import { beginCall, bytesFor, cached, put, space, take } from '../scratch.js';
import { splitBatch } from '../threads.js';
import { lstmWork, outputBytes } from './lstm-predict.js';

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
  const projection = projectionTable(embeddings, kernel, bias, vocab, units);
  const { table, filled } = projection;
  const run = w.embedding_lstm_predict as EmbeddingLstmPredict;
  const rs = returnSequences ? 1 : 0;
  const split = splitBatch(batch, steps, lstmWork(batch, steps, inDim, units));
  if (split !== null) {
    // Kernel threads: the table is filled for the whole batch first, here, so the two halves
    // (the helper's the second) only read it; rows are independent, so the output is bit for bit.
    const { helper, half, rest, row } = split;
    fillProjectionTable(w, pids, batch * steps, pe, pk, pb, projection, vocab, inDim, units);
    helper.run('embedding_lstm_predict', [row(pids, 1), pe, pk, pr, pb, table, filled, 0, ph + outputBytes(half, steps, units, returnSequences), rest, steps, vocab, inDim, units, rs]);
    run(pids, pe, pk, pr, pb, table, filled, 0, ph, half, steps, vocab, inDim, units, rs);
    helper.wait();
  } else {
    run(pids, pe, pk, pr, pb, table, filled, projection.reset, ph, batch, steps, vocab, inDim, units, rs);
  }
  take(ph, h);
}

type ProjectionFill = (ids: number, n: number, embeddings: number, kernel: number, bias: number, table: number, filled: number, reset: number, vocab: number, inDim: number, units: number) => void;

/** Fills the table rows of the `n` ids at `pids` that have none yet (before a split call's halves run). */
export function fillProjectionTable(
  w: KernelExports, pids: number, n: number, pe: number, pk: number, pb: number,
  { table, filled, reset }: { table: number; filled: number; reset: number }, vocab: number, inDim: number, units: number,
): void {
  (w.embedding_projection_fill as ProjectionFill)(pids, n, pe, pk, pb, table, filled, reset, vocab, inDim, units);
}

/**
 * The LSTM's cached projection table (then one "row filled" byte per word), tied to its kernel
 * array (an LSTM has one): byte offsets of both (0 when not kept) and whether the kernel must
 * refill it. Call after the `put`s.
 */
export function projectionTable(embeddings: Float32Array, kernel: Float32Array, bias: Float32Array, vocab: number, units: number): { table: number; filled: number; reset: number } {
  const tableBytes = vocab * 64 * Math.ceil(units / 4);
  const kept = tableBytes <= MAX_TABLE_BYTES ? cached(kernel, [embeddings, kernel, bias], tableBytes + vocab) : null;
  if (kept === null) return { table: 0, filled: 0, reset: 0 };
  return { table: kept.ptr, filled: kept.ptr + tableBytes, reset: kept.valid ? 0 : 1 };
}
