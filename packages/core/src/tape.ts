/**
 * Reverse-mode automatic differentiation. While a tape is active, every op whose inputs depend on
 * a watched tensor records its output, inputs and a backward closure; `valueAndGrads` then walks
 * the records in reverse and accumulates gradients. Backward closures compute with kernels and
 * plain loops (never on the tape), so one level of differentiation is supported.
 */
import { GradientError, formatShape } from './errors.js';
import { Tensor, fill } from './tensor.js';

/** Gradient of the loss w.r.t. each input (null: no gradient, e.g. int ids), given dLoss/dOutput. */
export type BackwardFn = (dy: Tensor) => (Tensor | null)[];

interface TapeNode {
  inputs: Tensor[];
  output: Tensor;
  backward: BackwardFn;
}

class Tape {
  readonly nodes: TapeNode[] = [];
  /** Ids of tensors that depend on a watched source. */
  readonly live = new Set<number>();
}

const active: Tape[] = [];
let pausedDepth = 0;

/** True when an op's result would be recorded (lets ops skip saving what backward needs). */
export function isRecording(): boolean {
  return active.length > 0 && pausedDepth === 0;
}

/**
 * Called by every differentiable op after computing `output`. Records it on each active tape
 * where an input is live. Returns `output` for convenience.
 */
export function record(output: Tensor, inputs: Tensor[], backward: BackwardFn): Tensor {
  if (pausedDepth > 0) return output;
  for (const tape of active) {
    if (inputs.some((t) => tape.live.has(t.id))) {
      tape.nodes.push({ inputs, output, backward });
      tape.live.add(output.id);
    }
  }
  return output;
}

/** Runs `fn` without recording anything (inference, optimizer updates, metrics). */
export function noGrad<T>(fn: () => T): T {
  pausedDepth++;
  try {
    return fn();
  } finally {
    pausedDepth--;
  }
}

export interface ValueAndGrads {
  value: Tensor;
  grads: Tensor[];
}

/**
 * Evaluates `fn()` while recording, then returns its value and the gradient of its sum (or of
 * Σ dy·value when `dy` is given) with respect to each of `sources` (Variables or any tensors).
 * Sources that the value does not depend on get a zero gradient.
 */
export function valueAndGrads(fn: () => Tensor, sources: readonly Tensor[], dy?: Tensor): ValueAndGrads {
  if (pausedDepth > 0) throw new GradientError('valueAndGrads() was called inside noGrad(); gradients cannot be recorded there.');
  const tape = new Tape();
  for (const s of sources) {
    if (!(s instanceof Tensor)) throw new GradientError('valueAndGrads(): every source must be a Tensor or Variable.');
    tape.live.add(s.id);
  }
  active.push(tape);
  let value: Tensor;
  try {
    value = fn();
  } finally {
    const i = active.lastIndexOf(tape);
    active.splice(i, 1);
  }
  if (!(value instanceof Tensor)) throw new GradientError('valueAndGrads(): the function must return a Tensor.');
  if (dy !== undefined && !sameShape(dy.shape, value.shape)) {
    throw new GradientError(`valueAndGrads(): dy has shape ${formatShape(dy.shape)} but the value has shape ${formatShape(value.shape)}.`);
  }
  const grads = backprop(tape, value, dy ?? fill(value.shape, 1), sources);
  return { value, grads };
}

/** Gradients of `fn()` (summed) with respect to `sources`. */
export function grads(fn: () => Tensor, sources: readonly Tensor[]): Tensor[] {
  return valueAndGrads(fn, sources).grads;
}

/** tfjs-style `grad(f)`: returns a function computing df/dx for a single-input f. */
export function grad(fn: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) => valueAndGrads(() => fn(x), [x], dy).grads[0];
}

function backprop(tape: Tape, value: Tensor, seed: Tensor, sources: readonly Tensor[]): Tensor[] {
  const acc = new Map<number, Float32Array>();
  acc.set(value.id, Float32Array.from(seed.data));
  pausedDepth++;
  try {
    for (let n = tape.nodes.length - 1; n >= 0; n--) {
      const node = tape.nodes[n];
      const dy = acc.get(node.output.id);
      if (dy === undefined) continue;
      const inputGrads = node.backward(new Tensor(dy, node.output.shape, 'float32'));
      node.inputs.forEach((input, i) => {
        const g = inputGrads[i];
        if (g === null || g === undefined || !tape.live.has(input.id)) return;
        if (g.data.length !== input.data.length) {
          throw new GradientError(`Internal: a backward pass gave a gradient of shape ${formatShape(g.shape)} for an input of shape ${formatShape(input.shape)}.`);
        }
        const prev = acc.get(input.id);
        if (prev === undefined) {
          acc.set(input.id, g.data instanceof Float32Array && g.data !== input.data ? g.data.slice() : Float32Array.from(g.data));
        } else {
          const gd = g.data;
          for (let j = 0; j < prev.length; j++) prev[j] += gd[j];
        }
      });
      // Free what can no longer be used.
      if (node.output !== value) acc.delete(node.output.id);
    }
  } finally {
    pausedDepth--;
  }
  return sources.map((s) => new Tensor(acc.get(s.id) ?? new Float32Array(s.size), s.shape, 'float32'));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
