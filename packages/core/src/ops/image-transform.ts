/**
 * Projective image transform with TensorFlow's semantics (ImageProjectiveTransformV3): each image
 * has 8 parameters [a0, a1, a2, b0, b1, b2, c0, c1] mapping an output pixel (x, y) to the input
 * point ((a0·x + a1·y + a2)/k, (b0·x + b1·y + b2)/k), k = c0·x + c1·y + 1. Points outside the
 * image are mapped by the fill mode; bilinear or nearest sampling. Linear in the image, so the
 * gradient scatters back through the same taps.
 */
import { ShapeError, ValueError, formatShape } from '../errors.js';
import { record } from '../tape.js';
import { Tensor } from '../tensor.js';

export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';
export type Interpolation = 'bilinear' | 'nearest';

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/** Maps a coordinate outside [0, len-1] back inside (TF's MapCoordinate); 'constant' leaves it. */
function mapCoordinate(c: number, len: number, mode: FillMode): number {
  if (mode === 'constant') return c;
  if (mode === 'nearest') return clamp(c, 0, len - 1);
  if (len <= 1) return 0;
  if (mode === 'reflect') {
    const sz2 = 2 * len;
    if (c < 0) {
      if (c < sz2) c = sz2 * Math.trunc(-c / sz2) + c;
      c = c < -len ? c + sz2 : -c - 1;
    } else if (c > len - 1) {
      c -= sz2 * Math.trunc(c / sz2);
      if (c >= len) c = sz2 - c - 1;
    }
  } else {
    const sz = len - 1;
    if (c < 0) c += len * (Math.trunc(-c / sz) + 1);
    else if (c > len - 1) c -= len * Math.trunc(c / sz);
  }
  return clamp(c, 0, len - 1);
}

export function imageTransform(images: Tensor, transforms: ArrayLike<number>, interpolation: Interpolation = 'bilinear', fillMode: FillMode = 'reflect', fillValue = 0): Tensor {
  if (images.rank !== 4) throw new ShapeError(`imageTransform: expects images [batch, height, width, channels], got ${formatShape(images.shape)}.`);
  const [batch, h, w, c] = images.shape;
  if (transforms.length !== batch * 8) throw new ValueError(`imageTransform: needs 8 transform parameters per image (${batch * 8}), got ${transforms.length}.`);
  // Per output pixel: up to 4 (source pixel, weight) taps; the rest of the weight reads fillValue.
  const pixels = batch * h * w;
  const src = new Int32Array(pixels * 4).fill(-1);
  const wt = new Float32Array(pixels * 4);
  const fillWeight = new Float32Array(pixels);
  for (let b = 0; b < batch; b++) {
    const t = b * 8;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = (b * h + y) * w + x;
        const k = transforms[t + 6] * x + transforms[t + 7] * y + 1;
        const inX = mapCoordinate((transforms[t] * x + transforms[t + 1] * y + transforms[t + 2]) / k, w, fillMode);
        const inY = mapCoordinate((transforms[t + 3] * x + transforms[t + 4] * y + transforms[t + 5]) / k, h, fillMode);
        let filled = 0;
        const tap = (slot: number, yy: number, xx: number, weight: number): void => {
          if (weight === 0) return;
          if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
            src[p * 4 + slot] = ((b * h + yy) * w + xx) * c;
            wt[p * 4 + slot] = weight;
          } else {
            filled += weight;
          }
        };
        if (interpolation === 'nearest') {
          tap(0, Math.round(inY), Math.round(inX), 1);
        } else {
          const x0 = Math.floor(inX);
          const y0 = Math.floor(inY);
          const fx = inX - x0;
          const fy = inY - y0;
          tap(0, y0, x0, (1 - fx) * (1 - fy));
          tap(1, y0, x0 + 1, fx * (1 - fy));
          tap(2, y0 + 1, x0, (1 - fx) * fy);
          tap(3, y0 + 1, x0 + 1, fx * fy);
        }
        fillWeight[p] = filled;
      }
    }
  }
  const xd = images.data;
  const out = new Float32Array(images.size);
  for (let p = 0; p < pixels; p++) {
    for (let ch = 0; ch < c; ch++) {
      let v = fillWeight[p] * fillValue;
      for (let s = 0; s < 4; s++) if (src[p * 4 + s] >= 0) v += wt[p * 4 + s] * xd[src[p * 4 + s] + ch];
      out[p * c + ch] = v;
    }
  }
  return record(new Tensor(out, images.shape), [images], (dy) => {
    const dx = new Float32Array(images.size);
    const g = dy.data;
    for (let p = 0; p < pixels; p++) {
      for (let s = 0; s < 4; s++) {
        const from = src[p * 4 + s];
        if (from < 0) continue;
        for (let ch = 0; ch < c; ch++) dx[from + ch] += wt[p * 4 + s] * g[p * c + ch];
      }
    }
    return [new Tensor(dx, images.shape)];
  });
}
