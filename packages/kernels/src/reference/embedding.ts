import { checkEmbedding } from '../checks/embedding.js';

export function embedding(table: Float32Array, ids: Int32Array, out: Float32Array, n: number, dim: number, vocab: number): void {
  checkEmbedding(table, ids, out, n, dim, vocab);
  for (let i = 0; i < n; i++) out.set(table.subarray(ids[i] * dim, ids[i] * dim + dim), i * dim);
}
