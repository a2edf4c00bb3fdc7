/**
 * The optimizer core shared by Adam, AdamW, SGD and RMSprop: it owns one set of state buffers
 * (moments, velocities, …) per weight, counts the updates applied (`iterations`, as in Keras) and
 * resolves the learning rate — a constant or a schedule evaluated at the current step — before
 * handing each weight to its kernel update function.
 */
import { invalidateResident, markResident, residentVersion, syncResident } from '@neurite/kernels';
import { ValueError } from '../errors.js';
import type { LearningRate } from '../schedules/schedule.js';

/** One weight to update: `key` identifies the weight across steps (its state is kept per key). */
export interface ParamUpdate {
  key: object;
  values: Float32Array;
  grad: Float32Array;
}

/** An optimizer's resumable state: the step count and each weight's state buffers. */
export interface OptimizerState {
  iterations: number;
  slots: (Float32Array[] | null)[];
}

export abstract class Optimizer {
  /** Keras class name ('Adam', 'SGD', …). */
  abstract readonly className: string;
  /** Number of update steps applied so far (Keras `optimizer.iterations`). */
  iterations = 0;
  private lr: LearningRate;
  private state = new WeakMap<object, Float32Array[]>();
  /** Per-weight state held elsewhere (a worker pool's workers), and how to bring it back here. */
  private held: { holder: object; restore: () => void } | null = null;

  protected constructor(learningRate: LearningRate) {
    this.lr = checkLearningRate(learningRate);
  }

  /** The learning rate as given: a number or a schedule (assignable, e.g. by a scheduler callback). */
  get learningRate(): LearningRate {
    return this.lr;
  }

  set learningRate(value: LearningRate) {
    this.lr = checkLearningRate(value);
  }

  /** The learning rate the next update will use. */
  currentLearningRate(): number {
    if (typeof this.lr === 'number') return this.lr;
    const lr = this.lr(this.iterations);
    if (!Number.isFinite(lr) || lr < 0) {
      throw new ValueError(`The learning-rate schedule returned ${lr} at step ${this.iterations}; it must return a finite number ≥ 0.`);
    }
    return lr;
  }

  /** Applies one update step to every weight in place, then advances `iterations`. */
  applyGradients(updates: readonly ParamUpdate[]): void {
    this.reclaimState();
    const lr = this.currentLearningRate();
    const step = this.iterations + 1;
    for (const { key, values, grad } of updates) {
      if (grad.length !== values.length) {
        throw new ValueError(`${this.className}: a gradient has ${grad.length} elements but its weight has ${values.length}.`);
      }
      const version = residentVersion(values);
      this.updateWeight(values, grad, this.slotsFor(key, values.length), lr, step);
      // The weight changed in place: its copy in WASM memory (if resident) must be refreshed —
      // unless a WASM update kernel wrote it there and copied it out (that gives it a new version
      // and leaves the copy current). The reference kernels, or a subclass writing `values`
      // directly, leave the version as it was; refreshing every step would copy every weight
      // into WASM memory again (76 MB for the seed CNN).
      if (residentVersion(values) === version) invalidateResident(values);
    }
    this.iterations = step;
  }

  /**
   * The state a resumed run needs (for checkpoints): the step count and, for each key in order,
   * copies of its state buffers (null for a weight never updated yet).
   */
  getState(keys: readonly object[]): OptimizerState {
    this.reclaimState();
    // The update kernels may have left the latest values in WASM memory only: sync them first.
    const copy = (s: Float32Array): Float32Array => {
      syncResident(s);
      return s.slice();
    };
    return { iterations: this.iterations, slots: keys.map((k) => this.state.get(k)?.map(copy) ?? null) };
  }

  /** Restores getState() output onto `keys` (same order, e.g. the weights of a reloaded model). */
  setState(keys: readonly object[], saved: OptimizerState): void {
    if (!Number.isInteger(saved.iterations) || saved.iterations < 0) throw new ValueError(`${this.className}.setState: iterations must be a whole number ≥ 0, got ${saved.iterations}.`);
    if (saved.slots.length !== keys.length) throw new ValueError(`${this.className}.setState: the state holds ${saved.slots.length} weights but ${keys.length} were given.`);
    saved.slots.forEach((slots, i) => {
      if (slots !== null && slots.length !== this.slotCount) throw new ValueError(`${this.className}.setState: weight ${i} has ${slots.length} state buffers; ${this.className} keeps ${this.slotCount}.`);
    });
    this.reset();
    this.iterations = saved.iterations;
    saved.slots.forEach((slots, i) => {
      if (slots !== null) this.state.set(keys[i], slots.map((s) => Float32Array.from(s)));
    });
  }

  /** Number of state buffers kept per weight (Adam: m and v; SGD: the velocity). */
  get slotsPerWeight(): number {
    return this.slotCount;
  }

  /** Forgets all per-weight state and the step count (a fresh optimizer). */
  reset(): void {
    this.iterations = 0;
    this.state = new WeakMap();
    this.held = null;
  }

  /** @internal Who holds the per-weight state of the keys last handed out with holdStateElsewhere (null: this optimizer). */
  get stateHolder(): object | null {
    return this.held?.holder ?? null;
  }

  /**
   * @internal The state of `keys` now lives with `holder` (the worker pool's sharded update): it is
   * dropped here, and `restore` (which puts it back with adoptState) runs before anything here
   * next reads or writes per-weight state — so whoever asks always sees the holder's state.
   */
  holdStateElsewhere(holder: object, keys: readonly object[], restore: () => void): void {
    if (this.held !== null && this.held.holder !== holder) this.reclaimState();
    for (const k of keys) this.state.delete(k);
    this.held = { holder, restore };
  }

  /** @internal Installs `slots` as `key`'s state buffers as they are (no copy). */
  adoptState(key: object, slots: Float32Array[]): void {
    this.state.set(key, slots);
  }

  private reclaimState(): void {
    const held = this.held;
    if (held === null) return;
    held.restore();
    this.held = null;
  }

  /** Keras-style config (snake_case keys as in Keras/tfjs). */
  abstract getConfig(): Record<string, unknown>;

  /** Number of state buffers kept per weight (Adam: m and v). */
  protected abstract readonly slotCount: number;

  /** Updates one weight in place with its kernel; `step` is 1-based. */
  protected abstract updateWeight(values: Float32Array, grad: Float32Array, slots: Float32Array[], lr: number, step: number): void;

  /** The learning rate for configs: the number, or the schedule's name. */
  protected learningRateConfig(): number | string {
    return typeof this.lr === 'number' ? this.lr : this.lr.name || 'schedule';
  }

  private slotsFor(key: object, length: number): Float32Array[] {
    let slots = this.state.get(key);
    if (!slots || slots[0]?.length !== length) {
      slots = Array.from({ length: this.slotCount }, () => new Float32Array(length));
      this.state.set(key, slots);
    }
    // Kept in WASM memory between steps like the weights, so a step does not copy them in again;
    // the update kernels write them in place there and may leave them there only (getState
    // syncs them first). Only the kernels write them; setState installs new arrays, which get
    // registered here on their first update.
    for (const s of slots) markResident(s);
    return slots;
  }
}

function checkLearningRate(lr: LearningRate): LearningRate {
  if (typeof lr === 'function') return lr;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new ValueError(`learningRate must be a finite number ≥ 0 or a schedule function, got ${String(lr)}.`);
  }
  return lr;
}

/** Throws a ValueError unless `value` is a finite number in [min, max). */
export function checkHyper(optimizer: string, name: string, value: number, min: number, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value >= max) {
    const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max})`;
    throw new ValueError(`${optimizer}: ${name} must be a finite number ${range}, got ${String(value)}.`);
  }
  return value;
}
