import { checkDim, checkLength } from '../check.js';
import { checkIndices } from '../check-indices.js';

export function embedding(table: Float32Array, ids: Int32Array, out: Float32Array, n: number, dim: number, vocab: number): void {
  checkDim('embedding', 'n', n);
  checkDim('embedding', 'dim', dim);
  checkDim('embedding', 'vocab', vocab);
  checkLength('embedding', 'table', table, vocab * dim);
  checkLength('embedding', 'ids', ids, n);
  checkLength('embedding', 'out', out, n * dim);
  checkIndices('embedding', 'ids', ids, vocab);
  for (let i = 0; i < n; i++) out.set(table.subarray(ids[i] * dim, ids[i] * dim + dim), i * dim);
}
