import { checkDim, checkLength } from '../check.js';
import { checkIndices } from '../check-indices.js';

export function embeddingBackward(ids: Int32Array, dy: Float32Array, dtable: Float32Array, n: number, dim: number, vocab: number): void {
  checkDim('embeddingBackward', 'n', n);
  checkDim('embeddingBackward', 'dim', dim);
  checkDim('embeddingBackward', 'vocab', vocab);
  checkLength('embeddingBackward', 'ids', ids, n);
  checkLength('embeddingBackward', 'dy', dy, n * dim);
  checkLength('embeddingBackward', 'dtable', dtable, vocab * dim);
  checkIndices('embeddingBackward', 'ids', ids, vocab);
  dtable.fill(0);
  for (let i = 0; i < n; i++) {
    const row = ids[i] * dim;
    for (let j = 0; j < dim; j++) dtable[row + j] += dy[i * dim + j];
  }
}
