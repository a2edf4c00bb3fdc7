import { checkMatmul } from '../checks/matmul.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Matmul = (a: number, b: number, out: number, batch: number, m: number, k: number, n: number, transA: number, transB: number) => void;

export function matmul(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean): void {
  checkMatmul(a, b, out, batch, m, k, n);
  const w = beginCall(bytesFor(a.length, b.length, out.length));
  const pa = put(a);
  const pb = put(b);
  const pout = space(out.length);
  (w.matmul as Matmul)(pa, pb, pout, batch, m, k, n, transA ? 1 : 0, transB ? 1 : 0);
  take(pout, out);
}
