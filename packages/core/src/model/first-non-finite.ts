import type { Tensor } from '../tensor.js';

/**
 * Index of the first gradient holding a NaN or ±Infinity, or -1. A float64 sum of float32 values
 * cannot overflow, and NaN and ±Infinity propagate through it (+Inf + -Inf is NaN), so the sum is
 * finite exactly when every element is; one add per element is faster than a test per element.
 * Four partial sums, so the adds do not wait for each other (19 M values: 38 → 24 ms here).
 */
export function firstNonFinite(grads: Tensor[]): number {
  for (let i = 0; i < grads.length; i++) {
    const d = grads[i].data;
    const whole = d.length - (d.length % 4);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let j = 0;
    for (; j < whole; j += 4) {
      s0 += d[j];
      s1 += d[j + 1];
      s2 += d[j + 2];
      s3 += d[j + 3];
    }
    for (; j < d.length; j++) s0 += d[j];
    if (!Number.isFinite(s0 + s1 + s2 + s3)) return i;
  }
  return -1;
}
