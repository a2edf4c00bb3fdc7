/** A seeded source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * Deterministic PRNG: a 32-bit Weyl sequence (step 0x9E3779B9) passed through the MurmurHash3
 * finaliser. Integer-only (Math.imul, shifts), so the same seed gives the same stream in every
 * JavaScript runtime. Not for cryptography.
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}.`);
  let state = Math.trunc(seed) | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

/** Uniform in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}
