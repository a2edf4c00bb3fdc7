import { checkEmbeddingLstmPredict } from '../checks/lstm.js';
import { embedding } from './embedding.js';
import { lstmPredict } from './lstm-predict.js';

/** lstmPredict of the gathered rows embeddings[ids] (nothing cached). */
export function embeddingLstmPredict(
  ids: Int32Array, embeddings: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, h: Float32Array,
  batch: number, steps: number, vocab: number, inDim: number, units: number, returnSequences: boolean,
): void {
  checkEmbeddingLstmPredict(ids, embeddings, kernel, recurrentKernel, bias, h, batch, steps, vocab, inDim, units, returnSequences);
  const x = new Float32Array(batch * steps * inDim);
  embedding(embeddings, ids, x, batch * steps, inDim, vocab);
  lstmPredict(x, kernel, recurrentKernel, bias, h, batch, steps, inDim, units, returnSequences);
}
