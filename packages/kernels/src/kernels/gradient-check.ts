/** Test-only helper: central finite differences of a scalar loss over a float32 input. */

/** d loss / d x[i] ≈ (loss(x + h·e_i) - loss(x - h·e_i)) / 2h, for each i in `indices` (default all). */
export function numericGradient(loss: (x: Float32Array) => number, x: Float32Array, h = 1e-2, indices?: number[]): Map<number, number> {
  const at = indices ?? Array.from(x.keys());
  const grad = new Map<number, number>();
  const probe = Float32Array.from(x);
  for (const i of at) {
    probe[i] = x[i] + h;
    const up = loss(probe);
    probe[i] = x[i] - h;
    const down = loss(probe);
    probe[i] = x[i];
    grad.set(i, (up - down) / (2 * h));
  }
  return grad;
}

/** Σ out[i]·w[i] in float64: turns a tensor-valued function into a scalar loss with dL/dout = w. */
export function weightedSum(out: ArrayLike<number>, w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < out.length; i++) s += out[i] * w[i];
  return s;
}

/** Throws unless every numeric gradient entry matches `analytic` within atol + rtol·|numeric|. */
export function expectGradientClose(analytic: ArrayLike<number>, numeric: Map<number, number>, rtol = 2e-3, atol = 2e-3): void {
  for (const [i, n] of numeric) {
    if (!(Math.abs(analytic[i] - n) <= atol + rtol * Math.abs(n))) {
      throw new Error(`gradient element ${i}: analytic ${analytic[i]}, finite difference ${n}`);
    }
  }
}
