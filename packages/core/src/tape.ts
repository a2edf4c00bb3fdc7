/**
 * Reverse-mode automatic differentiation. While a tape is active, every op whose inputs depend on
 * a watched tensor records its output, inputs and a backward closure; `valueAndGrads` then walks
 * the records in reverse and accumulates gradients. Backward closures compute with kernels and
 * plain loops (never on the tape), so one level of differentiation is supported.
 */
import { GradientError, formatShape } from './errors.js';
import { Tensor, fill } from './tensor.js';
import { SpareArrays } from './spare-arrays.js';

/**
 * Gradient of the loss w.r.t. each input (null: no gradient, e.g. int ids), given dLoss/dOutput.
 * `needs[i]` is false when nothing uses input i's gradient (e.g. a model's input images): the
 * function may skip that work and return null for it.
 */
export type BackwardFn = (dy: Tensor, needs: readonly boolean[]) => (Tensor | null)[];

interface TapeNode {
  inputs: Tensor[];
  output: Tensor;
  backward: BackwardFn;
  /** The backward function keeps no reference to dy's array once it returns. */
  releasesDy: boolean;
}

class Tape {
  readonly nodes: TapeNode[] = [];
  /** Ids of tensors that depend on a watched source. */
  readonly live = new Set<number>();
}

const active: Tape[] = [];
let pausedDepth = 0;

/** Gradient arrays nothing else references (see `gradientArray`). */
const fresh = new WeakSet<Float32Array>();

/** Large gradient arrays the tape no longer needs, for `gradientArray` to hand out again. */
const spare = new SpareArrays(1 << 16, 2);

/**
 * An array for a gradient a backward function returns, which the tape may then keep as its
 * accumulator instead of copying it (for the seed CNN those copies were hundreds of MB a step).
 * Its contents are unspecified (it may be a reused array): write every element, as a kernel
 * output does. Use it only for arrays the function does not keep or return twice.
 */
export function gradientArray(length: number): Float32Array {
  const a = spare.take(length) ?? new Float32Array(length);
  fresh.add(a);
  return a;
}

/**
 * Hands back gradient arrays nothing uses any more (e.g. after the optimizer applied them), so the
 * next backward pass's `gradientArray` calls can reuse them.
 */
export function releaseGradients(grads: readonly Tensor[]): void {
  for (const g of grads) if (g.data instanceof Float32Array) spare.give(g.data);
}

/**
 * Hands arrays nothing uses any more (e.g. weight values already copied into their Variables) to
 * the next backward pass's `gradientArray` calls. Held weakly like any spare: keep a reference
 * until that pass has run if they must not be collected first.
 */
export function releaseGradientArrays(arrays: readonly Float32Array[]): void {
  for (const a of arrays) spare.give(a);
}

/** True when an op's result would be recorded (lets ops skip saving what backward needs). */
export function isRecording(): boolean {
  return active.length > 0 && pausedDepth === 0;
}

/**
 * Called by every differentiable op after computing `output`. Records it on each active tape
 * where an input is live. Returns `output` for convenience. `releasesDy`: the backward function
 * keeps no reference to dy's array once it returns (lets the tape reuse the array).
 */
export function record(output: Tensor, inputs: Tensor[], backward: BackwardFn, releasesDy = false): Tensor {
  if (pausedDepth > 0) return output;
  for (const tape of active) {
    if (inputs.some((t) => tape.live.has(t.id))) {
      tape.nodes.push({ inputs, output, backward, releasesDy });
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
 * Called during the backward pass with a source's gradient as soon as no node left to process can
 * add to it (`index` into `sources`). Returning true takes the array (e.g. its buffer is transferred
 * to another thread): the returned gradients then hold a zero-filled stand-in for it. The pool's
 * workers post such gradients while they compute the rest.
 */
export type OnGradient = (index: number, grad: Float32Array) => boolean;

/**
 * Evaluates `fn()` while recording, then returns its value and the gradient of its sum (or of
 * Σ dy·value when `dy` is given) with respect to each of `sources` (Variables or any tensors).
 * Sources that the value does not depend on get a zero gradient.
 */
export function valueAndGrads(fn: () => Tensor, sources: readonly Tensor[], dy?: Tensor, onGradient?: OnGradient): ValueAndGrads {
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
  const grads = backprop(tape, value, dy ?? fill(value.shape, 1), sources, onGradient);
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

function backprop(tape: Tape, value: Tensor, seed: Tensor, sources: readonly Tensor[], onGradient?: OnGradient): Tensor[] {
  const acc = new Map<number, Float32Array>();
  acc.set(value.id, Float32Array.from(seed.data));
  // For onGradient: the sources whose last contribution comes from node n (the lowest-numbered node using them).
  const finalAt = new Map<number, number[]>();
  if (onGradient !== undefined) {
    const firstUse = new Map<number, number>();
    tape.nodes.forEach((node, n) => node.inputs.forEach((input) => firstUse.has(input.id) || firstUse.set(input.id, n)));
    sources.forEach((s, i) => {
      const n = firstUse.get(s.id);
      // A source listed twice shares one array: it is only returned, never reported (or taken).
      const once = sources.filter((t) => t.id === s.id).length === 1;
      if (n !== undefined && s.id !== value.id && once) finalAt.set(n, [...(finalAt.get(n) ?? []), i]);
    });
  }
  const finished = (n: number) => {
    for (const i of finalAt.get(n) ?? []) {
      const g = acc.get(sources[i].id);
      if (g !== undefined && onGradient!(i, g)) acc.delete(sources[i].id);
    }
  };
  pausedDepth++;
  try {
    for (let n = tape.nodes.length - 1; n >= 0; n--) {
      const node = tape.nodes[n];
      const dy = acc.get(node.output.id);
      if (dy === undefined) {
        finished(n);
        continue;
      }
      const needs = node.inputs.map((input) => tape.live.has(input.id));
      const inputGrads = node.backward(new Tensor(dy, node.output.shape, 'float32'), needs);
      // dy is this node's own accumulator: an input may take it over (a reshape passes it on)
      // unless it is the value's, which the caller gets back.
      let dyFree = node.output !== value;
      node.inputs.forEach((input, i) => {
        const g = inputGrads[i];
        if (g === null || g === undefined || !needs[i]) return;
        if (g.data.length !== input.data.length) {
          throw new GradientError(`Internal: a backward pass gave a gradient of shape ${formatShape(g.shape)} for an input of shape ${formatShape(input.shape)}.`);
        }
        const prev = acc.get(input.id);
        if (prev === undefined) {
          const gd = g.data;
          let own = false;
          if (gd === dy) {
            own = dyFree;
            dyFree = false;
          } else if (gd instanceof Float32Array && fresh.has(gd)) {
            own = true;
            fresh.delete(gd); // one owner: a second input returning it gets a copy
          }
          acc.set(input.id, own ? (gd as Float32Array) : Float32Array.from(gd));
        } else {
          const gd = g.data;
          for (let j = 0; j < prev.length; j++) prev[j] += gd[j];
        }
      });
      // Free what can no longer be used: dy, unless an input took it over or it is the value's.
      if (node.output !== value) acc.delete(node.output.id);
      if (dyFree && node.releasesDy) spare.give(dy);
      finished(n);
    }
  } finally {
    pausedDepth--;
  }
  return sources.map((s) => new Tensor(acc.get(s.id) ?? new Float32Array(s.size), s.shape, 'float32'));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
