import { checkEmbeddingBackward } from '../checks/embedding.js';

export function embeddingBackward(ids: Int32Array, dy: Float32Array, dtable: Float32Array, n: number, dim: number, vocab: number): void {
  checkEmbeddingBackward(ids, dy, dtable, n, dim, vocab);
  dtable.fill(0);
  for (let i = 0; i < n; i++) {
    const row = ids[i] * dim;
    for (let j = 0; j < dim; j++) dtable[row + j] += dy[i * dim + j];
  }
}
