/** Contracts of embedding and embeddingBackward: table [vocab,dim], ids [n] in [0, vocab), rows [n,dim]. */
import { checkDim, checkIndices, checkLength } from '../check.js';

export function checkEmbedding(table: Float32Array, ids: Int32Array, out: Float32Array, n: number, dim: number, vocab: number): void {
  checkDims('embedding', n, dim, vocab);
  checkLength('embedding', 'table', table, vocab * dim);
  checkLength('embedding', 'ids', ids, n);
  checkLength('embedding', 'out', out, n * dim);
  checkIndices('embedding', 'ids', ids, vocab);
}

export function checkEmbeddingBackward(ids: Int32Array, dy: Float32Array, dtable: Float32Array, n: number, dim: number, vocab: number): void {
  checkDims('embeddingBackward', n, dim, vocab);
  checkLength('embeddingBackward', 'ids', ids, n);
  checkLength('embeddingBackward', 'dy', dy, n * dim);
  checkLength('embeddingBackward', 'dtable', dtable, vocab * dim);
  checkIndices('embeddingBackward', 'ids', ids, vocab);
}

function checkDims(kernel: string, n: number, dim: number, vocab: number): void {
  checkDim(kernel, 'n', n);
  checkDim(kernel, 'dim', dim);
  checkDim(kernel, 'vocab', vocab);
}
