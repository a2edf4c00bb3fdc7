/**
 * Which rows of a large gradient hold anything but +0 — an Embedding's gradient is dense but only
 * the rows of the batch's token ids are touched (the seed LSTM: 640 k values, a half batch touches
 * at most 3,200 of 10,000 rows). A worker posts these row ids with such a gradient, and the
 * calling thread's sum visits only rows some shard touched: every other row is +0 in every shard,
 * and the dense sum would write +0 there too, so the sums are the same bit for bit.
 */

/** Smaller gradients are summed densely (the scan would not pay). */
export const SPARSE_MIN_VALUES = 16384;
/** Above this share of touched rows the gradient is summed densely. */
const SPARSE_MAX_SHARE = 0.75;

/** The touched rows of a gradient of a weight shaped `shape`, ascending (null: sum it densely). */
export function touchedRows(grad: Float32Array, shape: readonly number[]): Int32Array | null {
  if (grad.length < SPARSE_MIN_VALUES || shape.length < 2 || shape[0] < 2) return null;
  const rows = shape[0];
  const width = grad.length / rows;
  const limit = Math.floor(rows * SPARSE_MAX_SHARE);
  // Bits, not values: -0 counts as touched, so no row left out holds anything but +0.
  const bits = new Int32Array(grad.buffer, grad.byteOffset, grad.length);
  const found = new Int32Array(rows);
  let count = 0;
  for (let row = 0; row < rows; row++) {
    if (rowTouched(bits, row * width, (row + 1) * width)) {
      if (count === limit) return null;
      found[count++] = row;
    }
  }
  return found.slice(0, count);
}

/** True when any of bits[start, end) is not 0; four at a time (an untouched row is read whole). */
function rowTouched(bits: Int32Array, start: number, end: number): boolean {
  let j = start;
  for (; j + 4 <= end; j += 4) if ((bits[j] | bits[j + 1] | bits[j + 2] | bits[j + 3]) !== 0) return true;
  for (; j < end; j++) if (bits[j] !== 0) return true;
  return false;
}
