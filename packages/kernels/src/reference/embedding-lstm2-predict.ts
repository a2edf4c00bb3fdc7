import { checkEmbeddingLstm2Predict } from '../checks/lstm.js';
import { embeddingLstmPredict } from './embedding-lstm-predict.js';
import { lstmPredict } from './lstm-predict.js';

/** embeddingLstmPredict with every step's h, then lstmPredict of it. */
export function embeddingLstm2Predict(
  ids: Int32Array, embeddings: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array,
  kernel2: Float32Array, recurrentKernel2: Float32Array, bias2: Float32Array, h: Float32Array,
  batch: number, steps: number, vocab: number, inDim: number, units: number, units2: number, returnSequences: boolean,
): void {
  checkEmbeddingLstm2Predict(ids, embeddings, kernel, recurrentKernel, bias, kernel2, recurrentKernel2, bias2, h, batch, steps, vocab, inDim, units, units2, returnSequences);
  const h1 = new Float32Array(batch * steps * units);
  embeddingLstmPredict(ids, embeddings, kernel, recurrentKernel, bias, h1, batch, steps, vocab, inDim, units, true);
  lstmPredict(h1, kernel2, recurrentKernel2, bias2, h, batch, steps, units, units2, returnSequences);
}
