/**
 * Public finite-difference gradient checker, so custom-layer authors can test their layers.
 *
 * The scalar checked is L = Σ wᵢ·fᵢ(inputs) with fixed pseudo-random weights w (so every output
 * element matters with a different weight). The tape's dL/dx is compared with the central
 * difference (L(x+ε) − L(x−ε)) / 2ε, accumulated in float64 for every float input element.
 */
import { invalidateResident } from '@neurite/kernels';
import { GradientError } from './errors.js';
import { Random } from './random.js';
import { noGrad, valueAndGrads } from './tape.js';
import { Tensor } from './tensor.js';

export interface GradientCheckOptions {
  /** Finite-difference step (default 1e-3; float32 forward passes need ≥ ~1e-4). */
  epsilon?: number;
  /** Allowed |analytic − numeric| / max(1, |analytic|, |numeric|) (default 1e-2). */
  tolerance?: number;
  /** Seed of the output weighting (default 0). */
  seed?: number;
  /** Check at most this many elements per input, spread evenly (default: all). */
  maxElementsPerInput?: number;
}

export interface GradientCheckResult {
  ok: boolean;
  /** Largest error over all checked elements. */
  maxError: number;
  /** Per input: analytic (tape) and numeric gradients of the checked elements, and the worst error. */
  inputs: { analytic: number[]; numeric: number[]; indices: number[]; maxError: number }[];
}

/**
 * Compares the tape's gradients of `fn(...inputs)` with finite differences. `inputs` may be
 * Tensors or Variables (e.g. a layer's weights when `fn` calls the layer); int32 inputs are skipped.
 */
export function checkGradients(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], options: GradientCheckOptions = {}): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-3;
  const tolerance = options.tolerance ?? 1e-2;
  const probe = noGrad(() => fn(...inputs));
  const rng = new Random(options.seed ?? 0);
  const weights = Float64Array.from({ length: probe.size }, () => rng.uniform(0.5, 1.5) * (rng.next() < 0.5 ? -1 : 1));
  const dy = new Tensor(Float32Array.from(weights), probe.shape, 'float32');
  const loss = (): number => {
    const out = noGrad(() => fn(...inputs)).data;
    let s = 0;
    for (let i = 0; i < out.length; i++) s += weights[i] * out[i];
    return s;
  };
  const floatInputs = inputs.filter((t) => t.dtype === 'float32');
  const analytic = valueAndGrads(() => fn(...inputs), floatInputs, dy).grads;
  let worst = 0;
  const report = floatInputs.map((input, k) => {
    const data = input.data as Float32Array;
    // Written in place, so a Variable's copy in WASM memory must be refreshed (see variable.ts).
    const set = (i: number, v: number): void => {
      data[i] = v;
      invalidateResident(data);
    };
    const step = options.maxElementsPerInput ? Math.max(1, Math.floor(data.length / options.maxElementsPerInput)) : 1;
    const entry = { analytic: [] as number[], numeric: [] as number[], indices: [] as number[], maxError: 0 };
    for (let i = 0; i < data.length; i += step) {
      const original = data[i];
      set(i, original + epsilon);
      const up = loss();
      set(i, original - epsilon);
      const down = loss();
      set(i, original);
      // Use the actually representable step (float32 rounding of x ± ε).
      const h = Math.fround(original + epsilon) - Math.fround(original - epsilon);
      const numeric = (up - down) / h;
      const a = analytic[k].data[i];
      const err = Math.abs(a - numeric) / Math.max(1, Math.abs(a), Math.abs(numeric));
      if (!Number.isFinite(a) || !Number.isFinite(numeric)) throw new GradientError(`checkGradients: non-finite gradient at input ${k}, element ${i} (analytic ${a}, numeric ${numeric}).`);
      entry.analytic.push(a);
      entry.numeric.push(numeric);
      entry.indices.push(i);
      entry.maxError = Math.max(entry.maxError, err);
    }
    worst = Math.max(worst, entry.maxError);
    return entry;
  });
  return { ok: worst <= tolerance, maxError: worst, inputs: report };
}

/** Like checkGradients, but throws a GradientError describing the worst mismatch. */
export function assertGradients(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], options: GradientCheckOptions = {}): GradientCheckResult {
  const result = checkGradients(fn, inputs, options);
  if (!result.ok) {
    const k = result.inputs.findIndex((r) => r.maxError === result.maxError);
    const r = result.inputs[k];
    const j = r.analytic.findIndex((a, i) => Math.abs(a - r.numeric[i]) / Math.max(1, Math.abs(a), Math.abs(r.numeric[i])) === r.maxError);
    throw new GradientError(`Gradient check failed for input ${k} element ${r.indices[j]}: tape gave ${r.analytic[j]}, finite differences ${r.numeric[j]} (error ${result.maxError.toExponential(2)} > tolerance ${options.tolerance ?? 1e-2}).`);
  }
  return result;
}
