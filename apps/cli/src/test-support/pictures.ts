/** Pictures drawn at test time (never dataset photos), encoded as PNG. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';

/** A w×h RGBA PNG: a gradient background with a shaded ellipse; `seed` moves and tints it. */
export function drawPng(w: number, h: number, seed: number): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  const cx = w * (0.35 + 0.06 * (seed % 5));
  const cy = h * 0.55;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = ((x - cx) / (w * 0.28)) ** 2 + ((y - cy) / (h * 0.3)) ** 2 < 1;
      const rgb = inside ? [160 + ((x * 13 + seed * 31) % 60), 110 + ((y * 5) % 40), 70] : [80 + Math.round((120 * y) / h), 140 + ((seed * 17) % 60), 210 - Math.round((100 * y) / h)];
      data.set([rgb[0], rgb[1], rgb[2], 255], (y * w + x) * 4);
    }
  }
  return encode({ width: w, height: h, data, channels: 4, depth: 8 });
}

/** Writes `<root>/<label>/<label>.<i>.png` for each label. */
export function writeLabelledFolder(root: string, labels: string[], perLabel: number, size = 48): void {
  labels.forEach((label, l) => {
    mkdirSync(join(root, label), { recursive: true });
    for (let i = 0; i < perLabel; i++) writeFileSync(join(root, label, `${label}.${i}.png`), drawPng(size + 8 * l, size, i + 7 * l));
  });
}
