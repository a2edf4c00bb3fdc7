/**
 * The worker's side of the sharded optimizer update (sharded-update.ts has the calling thread's):
 * this worker owns some segments of the trainable parameters and keeps the optimizer state of
 * those segments (resident in its WASM memory). Per step it keeps its own gradients of its
 * segments, receives the other shards' (routed by the calling thread), sums them in shard order,
 * reports whether the sums are finite, and — when told to — applies the update to its segments
 * and returns their new values and state. The other workers' new values arrive as `segments`.
 */
import { markResident, residentRange, residentVersion, syncResident, writeResident } from '@neurite/kernels';
import { kernel } from '../ops/kernel.js';
import type { Sequential } from '../model/sequential.js';
import type { TypedArray } from '../tensor.js';
import { cutFactors, kernelGradient, segmentRows } from './dense-exchange.js';
import { sumShards } from './gradient-sum.js';
import type { ApplyResult, Factors, PeerFactors, PeerGradient, ReduceResult, Request, Segment, UpdateSpec } from './protocol.js';

export interface ShardState {
  me: number;
  layout: Segment[][];
  /** Per own segment: its optimizer state buffers. */
  slots: Float32Array[][];
  /** Per own segment, this step: the gradients by shard (own one included), then their sum. */
  grads: Float32Array[][];
  /** This step's exchanged dense kernel (trainable index, -1: none) and, per own segment, its factors by shard (dense-exchange.ts). */
  exchange: number;
  factors: Factors[][];
  /**
   * Per own segment: the array its exchanged-kernel gradient is computed into, kept for the next
   * step once applied (a spare would be short for the state copies, which then page-faulted).
   */
  exchangeSums: Map<number, Float32Array>;
  sums: Float32Array[] | null;
  /** This step's full gradient arrays holding own segments (given back to the tape after the update). */
  tapeArrays: Float32Array[];
  /**
   * Spent arrays to write the next copies into (gradients for other workers, new values, state
   * returned): a fresh array of tens of MB costs a page fault per 4 KB on first write, more than
   * the copy itself.
   */
  spares: Float32Array[];
}

const MAX_SPARES = 64;

/** An array of `length` values: a spare one if there is, else new. */
function fresh(shard: ShardState, length: number): Float32Array {
  const at = shard.spares.findIndex((a) => a.length === length);
  return at === -1 ? new Float32Array(length) : shard.spares.splice(at, 1)[0];
}

function spare(shard: ShardState, arrays: Float32Array[]): void {
  for (const a of arrays) if (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.length > 0) shard.spares.push(a);
  if (shard.spares.length > MAX_SPARES) shard.spares.splice(0, shard.spares.length - MAX_SPARES);
}

export function initShard(message: Extract<Request, { kind: 'shardInit' }>): ShardState {
  for (const slots of message.slots) for (const s of slots) markResident(s);
  const none = () => message.layout[message.me].map(() => []);
  return { me: message.me, layout: message.layout, slots: message.slots, grads: none(), exchange: -1, factors: none(), exchangeSums: new Map(), sums: null, tapeArrays: [], spares: [] };
}

/**
 * After this worker's backward pass: what to do with weight `index`'s finished gradient. Its own
 * segments' parts stay here (as views); the others' are posted (`post`) for their owners — the
 * whole array moved when a segment is the whole weight and `movable`, else copied. Returns true
 * when the array itself was moved.
 */
export function routeGradient(shard: ShardState, index: number, grad: Float32Array, movable: boolean, post: (g: PeerGradient) => void): boolean {
  let moved = false;
  shard.layout.forEach((segments, owner) => {
    segments.forEach((seg, j) => {
      if (seg.index !== index) return;
      if (owner === shard.me) {
        shard.grads[j][shard.me] = grad.subarray(seg.start, seg.end);
        if (!shard.tapeArrays.includes(grad)) shard.tapeArrays.push(grad);
        return;
      }
      const whole = seg.start === 0 && seg.end === grad.length;
      if (whole && movable) moved = true;
      const part = whole && movable ? grad : fresh(shard, seg.end - seg.start);
      if (part !== grad) part.set(grad.subarray(seg.start, seg.end));
      post({ owner, segment: j, grad: part });
    });
  });
  return moved;
}

/**
 * The exchanged kernel's factors from this worker's backward pass (x [rows, inDim], dz [rows,
 * units]), cut for each owner of its rows: kept for own segments, posted (`post`) for the others.
 */
export function routeFactors(shard: ShardState, index: number, x: Float32Array, dz: Float32Array, rows: number, post: (f: PeerFactors) => void): void {
  const units = dz.length / rows;
  shard.layout.forEach((segments, owner) => {
    segments.forEach((seg, j) => {
      if (seg.index !== index) return;
      const [r0, r1] = segmentRows(seg, units);
      const factors = cutFactors(x, dz, rows, r0, r1, (length) => fresh(shard, length));
      if (owner === shard.me) shard.factors[j][shard.me] = factors;
      else post({ owner, segment: j, factors });
    });
  });
}

export function receiveFactors(shard: ShardState, message: Extract<Request, { kind: 'peerFactors' }>): void {
  shard.factors[message.segment][message.from] = message.factors;
}

/** Starts a step (`exchange`: the kernel whose factors are exchanged, if any): forgets the last step's gradients. */
export function beginStep(shard: ShardState, exchange = -1): void {
  shard.grads = shard.layout[shard.me].map(() => []);
  shard.exchange = exchange;
  shard.factors = shard.layout[shard.me].map(() => []);
  shard.sums = null;
  shard.tapeArrays = [];
}

export function receivePeer(shard: ShardState, message: Extract<Request, { kind: 'peerGrad' }>): void {
  shard.grads[message.segment][message.from] = message.grad;
}

/**
 * Sums every own segment's gradients over the shards (in shard order, as GradientSum does); an
 * exchanged kernel's segment is computed from the shards' factors instead.
 */
export function reduce(shard: ShardState, shares: number[]): ReduceResult {
  let bad = -1;
  shard.sums = shard.layout[shard.me].map((seg, j) => {
    if (seg.index === shard.exchange) {
      const out = fromFactors(shard, j, shares);
      if (out === null && bad === -1) bad = seg.index;
      return out ?? new Float32Array(0);
    }
    const grads = shard.grads[j];
    for (let r = 0; r < shares.length; r++) {
      if (grads[r] === undefined) throw new Error(`Internal: no gradient of segment ${j} (weight ${seg.index}) from shard ${r}.`);
    }
    const total = sumShards(grads, shares);
    if (!Number.isFinite(total) && bad === -1) bad = seg.index;
    return grads[0];
  });
  return { bad };
}

/** Own segment j of the exchanged kernel's gradient, from every shard's factors; null if not finite. */
function fromFactors(shard: ShardState, j: number, shares: number[]): Float32Array | null {
  const seg = shard.layout[shard.me][j];
  const factors = shard.factors[j];
  for (let r = 0; r < shares.length; r++) {
    if (factors[r] === undefined) throw new Error(`Internal: no factors of segment ${j} (weight ${seg.index}) from shard ${r}.`);
  }
  let out = shard.exchangeSums.get(j);
  if (out === undefined) shard.exchangeSums.set(j, (out = new Float32Array(seg.end - seg.start)));
  const scratch: Float32Array[] = [];
  const finite = kernelGradient(factors, shares, factors[0].dz.length / factors[0].rows, out, (length) => {
    scratch.push(fresh(shard, length));
    return scratch[scratch.length - 1];
  });
  spare(shard, [...scratch, ...factors.flatMap((f) => [f.x, f.dz])]);
  shard.factors[j] = [];
  return finite ? out : null;
}

/**
 * Applies the update to the own segments of `model`'s trainable weights; returns copies of their
 * new values and state, and the full gradient arrays the tape may write the next step's into.
 */
export function apply(shard: ShardState, model: Sequential, message: Extract<Request, { kind: 'apply' }>): [ApplyResult, Transferable[], Float32Array[]] {
  const sums = shard.sums;
  if (sums === null) throw new Error('Internal: apply before reduce.');
  const trainable = model.trainableWeights;
  const own = shard.layout[shard.me];
  const before = own.map((seg) => residentVersion(trainable[seg.index].data));
  // residentRange: the WASM kernels update the range in the weight's copy in WASM memory (no
  // copy of the values in, and the copy stays current for the next step's gradients).
  own.forEach((seg, j) => update(message.update, residentRange(trainable[seg.index].data as Float32Array, seg.start, seg.end), sums[j], shard.slots[j], message.lr, message.step));
  // A kernel that wrote the range gave the weight a new version (and refreshed or invalidated
  // its copy); anything else (the reference kernels) did not: then the copy must be refreshed.
  own.forEach((seg, j) => {
    if (residentVersion(trainable[seg.index].data) === before[j]) trainable[seg.index].markChanged();
  });
  // The other shards' gradients are spent.
  spare(shard, shard.grads.flatMap((byShard) => byShard.filter((g, r) => r !== shard.me && g !== undefined)));
  const tape = shard.tapeArrays;
  shard.grads = [];
  shard.sums = null;
  shard.tapeArrays = [];
  const copy = (a: Float32Array) => {
    const out = fresh(shard, a.length);
    out.set(a);
    return out;
  };
  const values = own.map((seg) => copy((trainable[seg.index].data as Float32Array).subarray(seg.start, seg.end)));
  // The update may have left the state in WASM memory only: sync it before copying.
  for (const s of shard.slots.flat()) syncResident(s);
  const slots = shard.slots.map((s) => s.map(copy));
  return [{ values, slots }, [...values, ...slots.flat()].map((a) => a.buffer as ArrayBuffer), tape];
}

/** The other workers' new segment values and the merged non-trainable weights, into this worker's model. */
export function receiveSegments(shard: ShardState, model: Sequential, message: Extract<Request, { kind: 'segments' }>): void {
  const trainable = model.trainableWeights;
  // Into the weight and its copy in WASM memory, if current (else it is marked stale): a
  // markChanged here would copy the whole weight in again at the next step (76 MB for the seed CNN).
  for (const { segment, values } of message.parts) writeResident(trainable[segment.index].data, segment.start, values);
  spare(shard, [...message.parts.map((p) => p.values), ...message.spares]);
  model.nonTrainableWeights.forEach((w, k) => w.assign(message.nonTrainable[k] as TypedArray));
}

/** One segment's optimizer update: the kernel the built-in optimizer's updateWeight calls, with the same arguments. */
function update(spec: UpdateSpec, values: Float32Array, grad: Float32Array, slots: Float32Array[], lr: number, step: number): void {
  switch (spec.kind) {
    case 'adam':
      kernel('adamUpdate')(values, grad, slots[0], slots[1], lr, spec.beta1, spec.beta2, spec.epsilon, step, spec.decay);
      return;
    case 'sgd':
      kernel('sgdUpdate')(values, grad, slots[0], lr, spec.momentum, spec.nesterov);
      return;
    case 'rmsprop':
      kernel('rmspropUpdate')(values, grad, slots[0], slots[1], lr, spec.rho, spec.momentum, spec.epsilon);
  }
}
