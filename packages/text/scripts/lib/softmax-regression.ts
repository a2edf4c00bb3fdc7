/**
 * Multinomial logistic regression over 3 classes ([negative, neutral, positive]) for the stacking
 * experiment (scripts/stack-cv.ts): full-batch Adam for a fixed number of steps (deterministic),
 * L2 on the weights (not the bias), per-row weights. Rows marked `binary` (rt_polarity: gold is
 * positive or negative only) use the conditional loss −log p(y | y ≠ neutral), so they say nothing
 * about the neutral class.
 */
export interface SoftmaxRow {
  x: number[];
  /** Gold class index 0..2 (0 or 2 when binary). */
  y: number;
  w: number;
  binary: boolean;
}

export interface SoftmaxModel {
  /** [features, 3] row-major. */
  kernel: number[];
  bias: number[];
}

export function logits(x: readonly number[], m: SoftmaxModel): number[] {
  const z = [...m.bias];
  for (let f = 0; f < x.length; f++) for (let c = 0; c < 3; c++) z[c] += x[f] * m.kernel[f * 3 + c];
  return z;
}

export function fitSoftmax(rows: readonly SoftmaxRow[], features: number, l2: number, steps = 400, learningRate = 0.025): SoftmaxModel {
  const size = features * 3 + 3; // kernel then bias
  const p = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const g = new Float64Array(size);
  const total = rows.reduce((s, r) => s + r.w, 0);
  for (let t = 1; t <= steps; t++) {
    g.fill(0);
    for (const r of rows) {
      const z = [p[features * 3], p[features * 3 + 1], p[features * 3 + 2]];
      for (let f = 0; f < features; f++) for (let c = 0; c < 3; c++) z[c] += r.x[f] * p[f * 3 + c];
      const classes = r.binary ? [0, 2] : [0, 1, 2];
      const top = Math.max(...classes.map((c) => z[c]));
      const e = [0, 0, 0];
      for (const c of classes) e[c] = Math.exp(z[c] - top);
      const s = e[0] + e[1] + e[2];
      for (const c of classes) {
        const d = ((e[c] / s - (c === r.y ? 1 : 0)) * r.w) / total;
        g[features * 3 + c] += d;
        for (let f = 0; f < features; f++) g[f * 3 + c] += r.x[f] * d;
      }
    }
    for (let i = 0; i < features * 3; i++) g[i] += l2 * p[i];
    // Warm-up over 20 steps, then linear decay to 5%: a fixed schedule, so every run is identical.
    const lr = learningRate * Math.min(1, t / 20) * (1 - (0.95 * t) / steps);
    for (let i = 0; i < size; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      p[i] -= (lr * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  return { kernel: Array.from(p.subarray(0, features * 3)), bias: Array.from(p.subarray(features * 3)) };
}
