/** A picture drawn at test time (never a dataset photo): an orange blob on a blue gradient, as PNG. */
import { encode } from 'fast-png';

export function drawPng(w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = ((x - w * 0.45) / (w * 0.28)) ** 2 + ((y - h * 0.55) / (h * 0.32)) ** 2 < 1;
      const eye = Math.hypot(x - w * 0.38, y - h * 0.45) < w * 0.04 || Math.hypot(x - w * 0.52, y - h * 0.45) < w * 0.04;
      const rgb = eye ? [25, 25, 25] : inside ? [200 + ((x * 7) % 40), 130 + ((y * 3) % 30), 60] : [70 + Math.round((110 * y) / h), 150, 215 - Math.round((80 * y) / h)];
      data.set([rgb[0], rgb[1], rgb[2], 255], (y * w + x) * 4);
    }
  }
  return encode({ width: w, height: h, data, channels: 4, depth: 8 });
}
