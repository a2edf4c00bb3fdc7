import { checkDropoutMask } from '../checks/dropout.js';

/**
 * Counter-based RNG: element i's draw is a pure function of (seed, i), so masks are reproducible
 * in any order and bit-identical to the Rust kernel (crates/kernels/src/dropout.rs).
 * `mix` is the "lowbias32" 32-bit integer finaliser (xor-shift / multiply rounds).
 */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** mask[i] = 0 when u(seed, i) < rate, else 1/(1-rate); u = top 24 bits of the hash / 2^24. */
export function dropoutMask(mask: Float32Array, rate: number, seed: number): void {
  checkDropoutMask(rate, seed);
  const key = mix((seed ^ 0x9e3779b9) >>> 0);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < mask.length; i++) {
    const u = (mix((mix(i) + key) >>> 0) >>> 8) / 16777216;
    mask[i] = u < rate ? 0 : keep;
  }
}
