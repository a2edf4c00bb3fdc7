/**
 * The sharded update's exchange of a big dense kernel's gradient factors. The seed CNN's
 * Dense(36992→512) kernel is 19 M values: summing its gradient over the shards means each worker
 * posts ~38 MB of its gradient to the other and sums 9.5 M values. But dW = xᵀ·dz, and the factors
 * — the layer's input rows x and output gradient dz, 16 × (36992 + 512) values per shard at batch
 * 32 — are far smaller. So each worker posts to every owner of some kernel rows the columns of its
 * x those rows need, and its dz; the owner computes its rows of dW from the whole batch at once:
 *   dW[r0:r1] = [x₀; x₁][:, r0:r1]ᵀ · [s₀·dz₀; s₁·dz₁]   (s_i: shard i's share of the batch).
 * The kernel's gradient is then not computed in the tape (ops/dense-kernel-gradient.ts), and the
 * layout gives each worker an equal range of that kernel's rows (sharded-update.ts).
 *
 * The batch's rows are added inside one GEMM instead of per shard then across shards, so the sums
 * differ from the other paths in float32 rounding only.
 */
import { Dense } from '../layers/dense.js';
import type { Sequential } from '../model/sequential.js';
import { kernel } from '../ops/kernel.js';
import type { Factors, Segment } from './protocol.js';

/** Kernel values from which the exchange is used (tests lower it; the seed CNN's dense kernel has 19 M). */
let minValues = 1 << 20;

/** @internal For tests: the dense kernel size from which its gradient factors are exchanged. */
export function setDenseExchangeThreshold(values: number): void {
  minValues = values;
}

/** The exchanged kernel: trainable index and row width (units), or null. */
export interface ExchangedKernel {
  index: number;
  units: number;
}

/** The model's largest Dense kernel, if trainable and at least the threshold in size: the one whose factors may be exchanged. */
export function exchangeCandidate(model: Sequential): ExchangedKernel | null {
  const trainable = model.trainableWeights;
  let best: ExchangedKernel | null = null;
  for (const layer of model.layers) {
    if (!(layer instanceof Dense) || layer.kernel === null) continue;
    const index = trainable.indexOf(layer.kernel);
    if (index === -1 || layer.kernel.size < minValues) continue;
    if (best === null || layer.kernel.size > trainable[best.index].size) best = { index, units: layer.units };
  }
  return best;
}

/**
 * Whether a step on n samples exchanges the factors: only while they are at most half the kernel's
 * values (else summing the gradient is cheaper). Counts one input row per sample, as a Dense on
 * flat features gets.
 */
export function exchangePays(kernelSize: number, units: number, n: number): boolean {
  const inDim = kernelSize / units;
  return 2 * n * (inDim + units) <= kernelSize;
}

/** Kernel rows [r0, r1) of a segment of the exchanged kernel (cut at whole rows). */
export function segmentRows(segment: Segment, units: number): [number, number] {
  if (segment.start % units !== 0 || segment.end % units !== 0) throw new Error(`Internal: the exchanged kernel's segment [${segment.start}, ${segment.end}) is not cut at whole rows of ${units}.`);
  return [segment.start / units, segment.end / units];
}

/** Columns [c0, c1) of x [rows, inDim], with dz [rows, units] copied: one shard's factors for the owner of kernel rows [c0, c1). */
export function cutFactors(x: Float32Array, dz: Float32Array, rows: number, c0: number, c1: number, into: (length: number) => Float32Array): Factors {
  const inDim = x.length / rows;
  const cols = c1 - c0;
  const xs = into(rows * cols);
  for (let r = 0; r < rows; r++) xs.set(x.subarray(r * inDim + c0, r * inDim + c1), r * cols);
  const dzs = into(dz.length);
  dzs.set(dz);
  return { x: xs, dz: dzs, rows };
}

/**
 * The owner's rows of dW into `out` [cols, units], from every shard's factors (shard order) weighted
 * by `shares`. Returns whether every value of it is finite.
 */
export function kernelGradient(factors: readonly Factors[], shares: readonly number[], units: number, out: Float32Array, scratch: (length: number) => Float32Array): boolean {
  const rows = factors.reduce((k, f) => k + f.rows, 0);
  const cols = out.length / units;
  const x = scratch(rows * cols);
  const dz = scratch(rows * units);
  let at = 0;
  factors.forEach((f, r) => {
    x.set(f.x, at * cols);
    for (let j = 0; j < f.dz.length; j++) dz[at * units + j] = Math.fround(f.dz[j] * shares[r]);
    at += f.rows;
  });
  kernel('matmul')(x, dz, out, 1, cols, rows, units, true, false);
  return provablyFinite(x, dz, rows, units) || allFinite(out);
}

/**
 * True when no value of xᵀ·dz can be NaN or ±Infinity, judged from the factors (a few MB) instead
 * of a pass over the product (38 MB for the seed CNN): with finite factors a sum of products can
 * only overflow, and |Σ_r x[r][c]·dz[r][u]| ≤ max|x| · Σ_r max_u |dz[r][u]|. Below 2¹²⁷ (half the
 * float32 range, leaving room for rounding in the partial sums) nothing overflows. False only
 * means "not proven": then the product itself is checked.
 */
function provablyFinite(x: Float32Array, dz: Float32Array, rows: number, units: number): boolean {
  // The float64 sums only tell whether every factor is finite (see allFinite).
  let sum = 0;
  let maxX = 0;
  for (let j = 0; j < x.length; j++) {
    sum += x[j];
    maxX = Math.max(maxX, Math.abs(x[j]));
  }
  let bound = 0;
  for (let r = 0; r < rows; r++) {
    let m = 0;
    for (let u = r * units; u < (r + 1) * units; u++) {
      sum += dz[u];
      m = Math.max(m, Math.abs(dz[u]));
    }
    bound += m;
  }
  return Number.isFinite(sum) && maxX * bound < 2 ** 127;
}

/** A float64 sum of float32 values is finite exactly when every value is (see model/first-non-finite.ts). */
function allFinite(a: Float32Array): boolean {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j];
  return Number.isFinite(s);
}
