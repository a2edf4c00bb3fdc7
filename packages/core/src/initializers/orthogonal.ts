/** Orthogonal initialiser (Keras): Q of the QR decomposition of a normal matrix, sign-fixed, times gain. */
import { ValueError } from '../errors.js';
import { Tensor, sizeOf, type DType } from '../tensor.js';
import { Initializer, rngFor } from './initializer.js';

export class Orthogonal extends Initializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | null;

  constructor(args: { gain?: number; seed?: number | null } = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = args.seed ?? null;
  }

  apply(shape: readonly number[], dtype?: DType): Tensor {
    if (shape.length < 2) throw new ValueError(`Orthogonal initializer needs a shape of rank ≥ 2, got [${shape.join(', ')}].`);
    const rows = sizeOf(shape.slice(0, -1));
    const cols = shape[shape.length - 1];
    // Work on a tall matrix (n ≥ m) whose m columns get orthonormalised, then transpose back if wide.
    const n = Math.max(rows, cols);
    const m = Math.min(rows, cols);
    const rng = rngFor(this.seed);
    const a = new Float64Array(n * m); // column-major: column j at a[j*n .. j*n+n)
    for (let i = 0; i < a.length; i++) a[i] = rng.normal();
    orthonormaliseColumns(a, n, m);
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = rows >= cols ? a[c * n + r] : a[r * n + c];
        out[r * cols + c] = this.gain * v;
      }
    }
    return new Tensor(dtype === 'int32' ? Int32Array.from(out, Math.round) : out, shape, dtype ?? 'float32');
  }

  override getConfig(): Record<string, unknown> {
    return { gain: this.gain, seed: this.seed };
  }
}

/**
 * Modified Gram–Schmidt in float64. Equivalent to Q of a QR with R's diagonal made positive
 * (what Keras gets by multiplying Q by sign(diag(R))).
 */
function orthonormaliseColumns(a: Float64Array, n: number, m: number): void {
  for (let j = 0; j < m; j++) {
    const cj = j * n;
    for (let k = 0; k < j; k++) {
      const ck = k * n;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += a[ck + i] * a[cj + i];
      for (let i = 0; i < n; i++) a[cj + i] -= dot * a[ck + i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += a[cj + i] * a[cj + i];
    norm = Math.sqrt(norm);
    if (norm < 1e-12) {
      // Degenerate draw (practically impossible): fall back to a unit basis vector.
      for (let i = 0; i < n; i++) a[cj + i] = i === j ? 1 : 0;
      continue;
    }
    for (let i = 0; i < n; i++) a[cj + i] /= norm;
  }
}
