import { checkEmbeddingLstm2Predict } from '../checks/lstm.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { splitBatch } from '../threads.js';
import { fillProjectionTable, projectionTable } from './embedding-lstm-predict.js';
import { lstmWork, outputBytes } from './lstm-predict.js';

type EmbeddingLstm2Predict = (
  ids: number, embeddings: number, kernel: number, recurrentKernel: number, bias: number, table: number, filled: number, reset: number,
  kernel2: number, recurrentKernel2: number, bias2: number, h: number,
  batch: number, steps: number, vocab: number, inDim: number, units: number, units2: number, returnSequences: number,
) => void;

export function embeddingLstm2Predict(
  ids: Int32Array, embeddings: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array,
  kernel2: Float32Array, recurrentKernel2: Float32Array, bias2: Float32Array, h: Float32Array,
  batch: number, steps: number, vocab: number, inDim: number, units: number, units2: number, returnSequences: boolean,
): void {
  checkEmbeddingLstm2Predict(ids, embeddings, kernel, recurrentKernel, bias, kernel2, recurrentKernel2, bias2, h, batch, steps, vocab, inDim, units, units2, returnSequences);
  // The first layer's output lives in the kernel's own heap memory, not in the call's arena.
  const w = beginCall(bytesFor(ids.length, embeddings, kernel, recurrentKernel, bias, kernel2, recurrentKernel2, bias2, h.length));
  const pids = put(ids);
  const pe = put(embeddings);
  const pk = put(kernel);
  const pr = put(recurrentKernel);
  const pb = put(bias);
  const pk2 = put(kernel2);
  const pr2 = put(recurrentKernel2);
  const pb2 = put(bias2);
  const ph = space(h.length);
  // The same projection table as embeddingLstmPredict's for this kernel array.
  const projection = projectionTable(embeddings, kernel, bias, vocab, units);
  const { table, filled } = projection;
  const run = w.embedding_lstm2_predict as EmbeddingLstm2Predict;
  const rs = returnSequences ? 1 : 0;
  const split = splitBatch(batch, steps, lstmWork(batch, steps, inDim, units) + lstmWork(batch, steps, units, units2));
  if (split !== null) {
    // Kernel threads: as embeddingLstmPredict (the table filled first, here; the halves only read it).
    const { helper, half, rest, row } = split;
    fillProjectionTable(w, pids, batch * steps, pe, pk, pb, projection, vocab, inDim, units);
    helper.run('embedding_lstm2_predict', [row(pids, 1), pe, pk, pr, pb, table, filled, 0, pk2, pr2, pb2, ph + outputBytes(half, steps, units2, returnSequences), rest, steps, vocab, inDim, units, units2, rs]);
    run(pids, pe, pk, pr, pb, table, filled, 0, pk2, pr2, pb2, ph, half, steps, vocab, inDim, units, units2, rs);
    helper.wait();
  } else {
    run(pids, pe, pk, pr, pb, table, filled, projection.reset, pk2, pr2, pb2, ph, batch, steps, vocab, inDim, units, units2, rs);
  }
  take(ph, h);
}
