/**
 * Seeded pseudo-random numbers. Everything random in Neurite (initialisers, dropout, shuffling,
 * augmentation) draws from a `Random`, so the same seed gives bit-identical results everywhere.
 * The generator is mulberry32: 32-bit state, pure integer arithmetic, identical in every JS engine.
 */
import { imul } from './hot-globals.js';

/** A Random's complete state: the mulberry32 word and the cached second Box–Muller normal. */
export interface RandomState {
  state: number;
  spareNormal: number | null;
}

export class Random {
  private state: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.state = hashSeed(seed);
  }

  /** The generator's full state (to checkpoint and later resume the exact same stream). */
  getState(): RandomState {
    return { state: this.state, spareNormal: this.spareNormal };
  }

  /** Restores a state from getState(): the following draws repeat those that followed it. */
  setState(saved: RandomState): void {
    const ok = saved !== null && typeof saved === 'object' && Number.isInteger(saved.state) && saved.state === (saved.state | 0) &&
      (saved.spareNormal === null || Number.isFinite(saved.spareNormal));
    if (!ok) throw new RangeError(`A Random state must be { state: 32-bit integer, spareNormal: number | null }, got ${JSON.stringify(saved)}.`);
    this.state = saved.state;
    this.spareNormal = saved.spareNormal;
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  /** Whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller), scaled to mean/stddev. */
  normal(mean = 0, stddev = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + stddev * z;
    }
    let u = 0;
    while (u === 0) u = this.next(); // log(0) would be -Infinity
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + stddev * r * Math.cos(2 * Math.PI * v);
  }

  /** Normal redrawn until within two standard deviations (Keras' truncated normal). */
  truncatedNormal(mean = 0, stddev = 1): number {
    for (;;) {
      const z = this.normal();
      if (Math.abs(z) <= 2) return mean + stddev * z;
    }
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[] | Int32Array | Uint32Array): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
  }
}

function hashSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`A random seed must be a finite number, got ${seed}.`);
  // Fold fractional and large seeds into 32 bits so nearby seeds give unrelated streams.
  let h = Math.floor(seed) ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

const DEFAULT_SEED = 1337;
let globalRandom = new Random(DEFAULT_SEED);

/** Resets the global generator: the same seed then gives the same weights, dropout and shuffles. */
export function setSeed(seed: number): void {
  globalRandom = new Random(seed);
}

/** The global generator that unseeded random things draw from. */
export function globalRng(): Random {
  return globalRandom;
}

/** A fresh 32-bit seed drawn from the global generator (for kernels that take a seed). */
export function nextSeed(): number {
  return globalRandom.nextUint32();
}
