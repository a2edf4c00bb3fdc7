/**
 * What the pool and its workers say to each other, and how tensors and weights cross the thread
 * boundary: as typed arrays moved with postMessage's transfer list (no SharedArrayBuffer, so no
 * cross-origin isolation is needed). Every buffer put in a transfer list is a fresh copy the
 * sender owns, never a user's tensor.
 */
import type { ModelArtifacts } from '../io/artifacts.js';
import type { TouchedRows } from './gradient-sum.js';
import { Tensor, type DType, type TypedArray } from '../tensor.js';

/** A tensor as posted: its values (moved, not copied) and shape. */
export interface WireTensor {
  data: TypedArray;
  shape: number[];
  dtype: DType;
}

/** The kernel backend a request runs on (the caller's current one). */
export type BackendName = 'wasm' | 'reference';

/** Main thread → worker. Messages with an `id` get exactly one Reply with that id (a gradients request may get Progress messages before it). */
export type Request =
  | { kind: 'init'; id: number; backend: BackendName; modules: string[] }
  /** A model to keep under `model` (replacing any earlier one with that number). */
  | { kind: 'load'; model: number; artifacts: ModelArtifacts }
  /** New values of every weight of `model`, one array per weight in `model.weights` order. */
  | { kind: 'weights'; model: number; values: TypedArray[] }
  | { kind: 'release'; model: number }
  /** Predict `pieces[i]` rows at a time (each piece one batch), in order; x holds the pieces back to back. */
  | { kind: 'predict'; id: number; model: number; backend: BackendName; x: WireTensor; pieces: number[] }
  /**
   * The gradients of one shard. `sharded`: the optimizer update is sharded (sharded-update.ts) and
   * this worker is shard `sharded.me`: it keeps its gradients of the parameters it owns and posts
   * the rest as PeerGradient progress (for the calling thread to route), sending no gradients in
   * the result. `sharded.exchange`: the trainable weight (a dense kernel) whose gradient is not
   * computed but made by each owner from every shard's factors (dense-exchange.ts), which this
   * worker posts as PeerFactors progress.
   */
  | { kind: 'gradients'; id: number; model: number; backend: BackendName; x: WireTensor; y: WireTensor; loss: string; seed: number; sharded?: { me: number; exchange?: number } }
  /** Sharded update: which parameters each worker owns, and this worker's optimizer state for its own segments (zeros if null). */
  | { kind: 'shardInit'; model: number; me: number; layout: Segment[][]; slots: Float32Array[][] }
  /** Sharded update: shard `from`'s gradient of this worker's segment `segment`. */
  | { kind: 'peerGrad'; model: number; from: number; segment: number; grad: Float32Array }
  /** Sharded update: shard `from`'s factors of this worker's segment `segment` of the exchanged dense kernel. */
  | { kind: 'peerFactors'; model: number; from: number; segment: number; factors: Factors }
  /** Sharded update: sum the shards' gradients of the own segments (weights `shares`, in shard order); replies ReduceResult. */
  | { kind: 'reduce'; id: number; model: number; shares: number[] }
  /** Sharded update: apply the optimizer to the own segments; replies ApplyResult. */
  | { kind: 'apply'; id: number; model: number; backend: BackendName; update: UpdateSpec; lr: number; step: number }
  /**
   * Sharded update: the other workers' new segment values, every non-trainable weight's merged
   * values, and spent arrays (the state this worker returned the step before) to write copies into.
   */
  | { kind: 'segments'; model: number; parts: { segment: Segment; values: Float32Array }[]; nonTrainable: TypedArray[]; spares: Float32Array[] };

/** Elements [start, end) of trainable weight `index`: one worker's part of the sharded optimizer update. */
export interface Segment {
  index: number;
  start: number;
  end: number;
}

/** A built-in optimizer's update rule and hyperparameters (the learning rate and step come with each apply). */
export type UpdateSpec =
  | { kind: 'adam'; beta1: number; beta2: number; epsilon: number; decay: number }
  | { kind: 'sgd'; momentum: number; nesterov: boolean }
  | { kind: 'rmsprop'; rho: number; momentum: number; epsilon: number };

/** A gradient of another worker's segment, posted as progress of a sharded gradients request. */
export interface PeerGradient {
  owner: number;
  segment: number;
  grad: Float32Array;
}

/**
 * One shard's factors of a dense kernel's gradient for some rows [r0, r1) of the kernel
 * (dense-exchange.ts): the layer's input x restricted to those columns, [rows, r1 − r0], and its
 * gradient before the activation dz, [rows, units], of the shard's mean loss.
 */
export interface Factors {
  x: Float32Array;
  dz: Float32Array;
  rows: number;
}

/** Factors for another worker's segment of the exchanged kernel, posted as progress of a sharded gradients request. */
export interface PeerFactors {
  owner: number;
  segment: number;
  factors: Factors;
}

/** The first trainable weight (index) among the worker's segments whose summed gradient is not finite, or -1. */
export interface ReduceResult {
  bad: number;
}

/** The own segments' new values and optimizer state buffers, in the worker's segment order. */
export interface ApplyResult {
  values: Float32Array[];
  slots: Float32Array[][];
}

/** A shard's training-step result. */
export interface GradientsResult {
  /**
   * The gradient of the shard's mean loss for each trainable weight, in `trainableWeights` order;
   * null for one already posted as a GradientProgress (while the rest was being computed).
   */
  grads: (Float32Array | null)[];
  predictions: WireTensor;
  /** The shard's non-trainable weights after the step (e.g. BatchNormalization moving statistics). */
  nonTrainable: TypedArray[];
}

/** A trainable weight's finished gradient (`index` in `trainableWeights`), posted during a gradients request. */
export interface GradientProgress {
  index: number;
  grad: Float32Array;
  /** The rows of `grad` holding anything but +0 (touched-rows.ts), when few enough to sum only those. */
  rows?: TouchedRows;
}

export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string } }
  /** Not the end of request `id`: something it has finished (see GradientProgress). */
  | { id: number; progress: unknown };

/** Rows [start, end) of `t` in a fresh buffer, ready to be transferred (moved) to a worker. */
export function wireRows(t: Tensor, start: number, end: number): [WireTensor, ArrayBuffer] {
  const row = t.size / t.shape[0];
  const data = t.data.slice(start * row, end * row) as TypedArray;
  return [{ data, shape: [end - start, ...t.shape.slice(1)], dtype: t.dtype }, data.buffer as ArrayBuffer];
}

/** The row ranges `ranges` of `t`, back to back, in a fresh buffer ready to be transferred. */
export function wireGather(t: Tensor, ranges: readonly [number, number][]): [WireTensor, ArrayBuffer] {
  const row = t.size / t.shape[0];
  const rows = ranges.reduce((k, [s, e]) => k + e - s, 0);
  const data = t.dtype === 'int32' ? new Int32Array(rows * row) : new Float32Array(rows * row);
  let offset = 0;
  for (const [s, e] of ranges) {
    data.set(t.data.subarray(s * row, e * row), offset * row);
    offset += e - s;
  }
  return [{ data, shape: [rows, ...t.shape.slice(1)], dtype: t.dtype }, data.buffer];
}

export function fromWire(w: WireTensor): Tensor {
  return new Tensor(w.data, w.shape, w.dtype);
}

/** True when `a` is a plain typed array filling an ArrayBuffer of its own (so it can be transferred or reused whole). */
export function ownsBuffer(a: TypedArray): boolean {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer;
}
