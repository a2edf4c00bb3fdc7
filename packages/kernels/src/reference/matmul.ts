import { checkMatmul } from '../checks/matmul.js';

/** out[b] = op(a[b]) · op(b[b]); accumulates each output row in float64. */
export function matmul(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean): void {
  checkMatmul(a, b, out, batch, m, k, n);
  const row = new Float64Array(n);
  for (let bi = 0; bi < batch; bi++) {
    const ao = bi * m * k;
    const bo = bi * k * n;
    for (let i = 0; i < m; i++) {
      row.fill(0);
      for (let p = 0; p < k; p++) {
        const av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
        if (transB) for (let j = 0; j < n; j++) row[j] += av * b[bo + j * k + p];
        else {
          const br = bo + p * n;
          for (let j = 0; j < n; j++) row[j] += av * b[br + j];
        }
      }
      out.set(row, bi * m * n + i * n);
    }
  }
}
