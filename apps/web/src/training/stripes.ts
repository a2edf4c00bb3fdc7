/**
 * The training data: 16×16 greyscale images of horizontal (label 0) or vertical (label 1)
 * stripes with a random period, phase and contrast, plus noise. Seeded, so every run is the same.
 */
export const SIDE = 16;

/** Small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One image into `out` (SIDE×SIDE values in [0, 1]). */
export function drawStripes(out: Float32Array, vertical: boolean, random: () => number): void {
  const period = 3 + Math.floor(random() * 4); // 3..6 pixels
  const phase = Math.floor(random() * period);
  const contrast = 0.45 + 0.5 * random();
  const base = 0.5 - contrast / 2;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const along = vertical ? x : y;
      const on = (along + phase) % period < period / 2 ? 1 : 0;
      const noise = (random() - 0.5) * 0.35;
      out[y * SIDE + x] = Math.min(1, Math.max(0, base + contrast * on + noise));
    }
  }
}

/** n images [n, 16, 16, 1] and labels [n, 1], alternating horizontal / vertical. */
export function makeStripes(n: number, seed: number): { x: Float32Array; y: Float32Array } {
  const random = rng(seed);
  const x = new Float32Array(n * SIDE * SIDE);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    drawStripes(x.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE), i % 2 === 1, random);
  }
  return { x, y };
}
