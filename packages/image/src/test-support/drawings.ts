// Small test pictures drawn at run time (no dataset photos): a furry-ish blob on a gradient.
import { encode as encodePng } from 'fast-png';

/** A w×h RGBA picture: a vertical gradient background with a shaded ellipse and two "eyes"; `seed` varies it. */
export function drawCritter(w: number, h: number, seed: number): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  const cx = w * (0.4 + 0.2 * ((seed * 7) % 5) / 4);
  const cy = h * 0.55;
  const rx = w * (0.25 + 0.03 * (seed % 3));
  const ry = h * 0.3;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
      const eye = Math.hypot(x - (cx - rx / 3), y - (cy - ry / 3)) < rx / 6 || Math.hypot(x - (cx + rx / 3), y - (cy - ry / 3)) < rx / 6;
      let rgb: number[];
      if (eye && d < 1) rgb = [20, 20, 20];
      else if (d < 1) rgb = [150 + ((x * 13 + y * 7 + seed * 31) % 60), 110 + ((x * 5 + seed * 11) % 40), 70 + ((y * 3) % 30)];
      else rgb = [90 + Math.round((120 * y) / h), 140 + (seed * 17) % 60, 200 - Math.round((100 * y) / h)];
      data.set([...rgb, 255], (y * w + x) * 4);
    }
  }
  return data;
}

export function pngOf(w: number, h: number, rgba: Uint8Array): Uint8Array {
  return encodePng({ width: w, height: h, data: rgba, channels: 4, depth: 8 });
}

/** RGBA → packed RGB. */
export function rgbOf(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) out.set(rgba.subarray(i, i + 3), o);
  return out;
}
