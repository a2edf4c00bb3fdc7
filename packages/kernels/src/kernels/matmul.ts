import { checkMatmul } from '../checks/matmul.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { splitBatch, splitColumns } from '../threads.js';

type Matmul = (a: number, b: number, out: number, batch: number, m: number, k: number, n: number, transA: number, transB: number) => void;
type MatmulCols = (a: number, b: number, out: number, m: number, k: number, n: number, col0: number, cols: number, transA: number, transB: number) => void;
type MatmulRows = (a: number, b: number, out: number, m: number, row0: number, rows: number, k: number, n: number, transA: number, transB: number) => void;

export function matmul(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean): void {
  checkMatmul(a, b, out, batch, m, k, n);
  const w = beginCall(bytesFor(a.length, b.length, out.length));
  const pa = put(a);
  const pb = put(b);
  const pout = space(out.length);
  const [ta, tb] = [transA ? 1 : 0, transB ? 1 : 0];
  const columns = batch === 1 ? splitColumns(m, k, n) : null;
  const split = batch === 1 && columns === null ? splitBatch(m, 1, 2 * m * k * n) : null;
  if (columns !== null) {
    // Kernel threads, few rows and a large b: the helper forms the product's last columns.
    const { helper, half } = columns;
    const cols = w.matmul_cols as MatmulCols;
    helper.run('matmul_cols', [pa, pb, pout, m, k, n, half, n - half, ta, tb]);
    cols(pa, pb, pout, m, k, n, 0, half, ta, tb);
    helper.wait();
  } else if (split !== null) {
    // Kernel threads: the helper forms the product's last rows, this thread the first ones, each
    // with the same sums as one call.
    const { helper, half, rest, row } = split;
    const rows = w.matmul_rows as MatmulRows;
    helper.run('matmul_rows', [pa, pb, row(pout, n), m, half, rest, k, n, ta, tb]);
    rows(pa, pb, pout, m, 0, half, k, n, ta, tb);
    helper.wait();
  } else {
    (w.matmul as Matmul)(pa, pb, pout, batch, m, k, n, ta, tb);
  }
  take(pout, out);
}
