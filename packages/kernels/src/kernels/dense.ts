import { checkDense } from '../checks/matmul.js';
import type { Activation } from '../kernel-set.js';
import { beginCall, bytesFor, cached, put, space, take } from '../scratch.js';
import { splitBatch, splitColumns } from '../threads.js';

type Dense = (x: number, kernel: number, bias: number, out: number, rows: number, inDim: number, outDim: number, act: number) => void;
type DenseCols = (x: number, kernel: number, bias: number, out: number, rows: number, inDim: number, outDim: number, col0: number, cols: number, act: number) => void;
type DenseRow = (x: number, kernel: number, bias: number, out: number, inDim: number, outDim: number, act: number, state: number, reset: number) => void;

/**
 * Per resident kernel, the anchor of its one-word `dense_row` state (whether the kernel is known
 * to be finite, so rows of zero input may be skipped; see crates/kernels/src/dense_row.rs). A key
 * of its own, so no other derived buffer of the same array can be mistaken for it.
 */
const rowStates = new WeakMap<Float32Array, object>();

export function dense(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, rows: number, inDim: number, outDim: number, act: Activation): void {
  checkDense(x, kernel, bias, out, rows, inDim, outDim, act);
  const w = beginCall(bytesFor(x.length, kernel, bias ?? 0, out.length)); // weights: no arena space if resident
  const px = put(x);
  const pk = put(kernel);
  const pb = bias ? put(bias) : 0;
  const pout = space(out.length);
  if (rows === 1) {
    // One sample: the kernel is streamed once; its state is valid only for this kernel version.
    let anchor = rowStates.get(kernel);
    if (anchor === undefined) rowStates.set(kernel, (anchor = {}));
    const state = cached(anchor, [kernel], 4);
    (w.dense_row as DenseRow)(px, pk, pb, pout, inDim, outDim, act, state?.ptr ?? 0, state?.valid ? 0 : 1);
  } else {
    const columns = splitColumns(rows, inDim, outDim);
    const split = columns === null ? splitBatch(rows, 1, 2 * rows * inDim * outDim) : null;
    if (columns !== null) {
      // Kernel threads, few rows and a large kernel: the helper forms the last output columns.
      const { helper, half } = columns;
      helper.run('dense_cols', [px, pk, pb, pout, rows, inDim, outDim, half, outDim - half, act]);
      (w.dense_cols as DenseCols)(px, pk, pb, pout, rows, inDim, outDim, 0, half, act);
      helper.wait();
    } else if (split !== null) {
      // Kernel threads: the helper takes the last rows; rows are independent, so the output is
      // that of one call, bit for bit (to rounding for a kernel just over 2^20 floats, where
      // crates/kernels/src/gemm_wide.rs slices k by the row count).
      const { helper, half, rest, row } = split;
      helper.run('dense', [row(px, inDim), pk, pb, row(pout, outDim), rest, inDim, outDim, act]);
      (w.dense as Dense)(px, pk, pb, pout, half, inDim, outDim, act);
      helper.wait();
    } else {
      (w.dense as Dense)(px, pk, pb, pout, rows, inDim, outDim, act);
    }
  }
  take(pout, out);
}
