import { checkBiasGrad } from '../checks/matmul.js';

/** dbias[j] = Σ_rows dy[r, j] (float64 accumulation). */
export function biasGrad(dy: Float32Array, dbias: Float32Array, rows: number, cols: number): void {
  checkBiasGrad(dy, dbias, rows, cols);
  const acc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) acc[j] += dy[r * cols + j];
  dbias.set(acc);
}
