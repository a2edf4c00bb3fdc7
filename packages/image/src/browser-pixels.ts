import { ImageInputError } from './errors.js';
import { checkPixelLimit } from './pixel-limit.js';
import type { RgbaImage } from './types.js';

// Everything here is feature-detected at call time: nothing touches DOM globals at import time,
// so the package loads in Node, Deno, workerd and edge runtimes.

type Context2D = {
  drawImage(source: unknown, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
};

const g = globalThis as Record<string, any>;

/** A 2D context from OffscreenCanvas (workers, modern browsers) or a DOM canvas, or undefined. */
function context2d(width: number, height: number): Context2D | undefined {
  // Deno, for one, has OffscreenCanvas and createImageBitmap but no 2D context: probe, don't assume.
  try {
    if (typeof g.OffscreenCanvas === 'function') {
      const ctx = new g.OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
      if (ctx) return ctx as Context2D;
    }
    if (typeof g.document?.createElement === 'function') {
      const canvas = g.document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (ctx) return ctx as Context2D;
    }
  } catch {
    // fall through: no usable canvas
  }
  return undefined;
}

let canvasWorks: boolean | undefined;

/** True when a 2D canvas can actually be created here (probed once, at first use). */
export function hasCanvas(): boolean {
  if (canvasWorks === undefined) canvasWorks = context2d(1, 1) !== undefined;
  return canvasWorks;
}

/** True when bytes can be decoded by the runtime itself (createImageBitmap plus a canvas to read back). */
export function canDecodeNatively(): boolean {
  return typeof g.createImageBitmap === 'function' && typeof g.Blob === 'function' && hasCanvas();
}

/** A browser image source: HTMLImageElement, HTMLCanvasElement, OffscreenCanvas, ImageBitmap, VideoFrame… */
export function isCanvasSource(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  for (const name of ['HTMLImageElement', 'HTMLCanvasElement', 'OffscreenCanvas', 'ImageBitmap', 'HTMLVideoElement', 'SVGImageElement', 'VideoFrame']) {
    if (typeof g[name] === 'function' && input instanceof g[name]) return true;
  }
  return false;
}

/** Size of a canvas source as drawn (natural size for <img>, intrinsic for video). */
function sourceSize(source: any): { width: number; height: number } {
  const width = source.naturalWidth ?? source.videoWidth ?? source.displayWidth ?? source.width;
  const height = source.naturalHeight ?? source.videoHeight ?? source.displayHeight ?? source.height;
  return { width: Number(width) || 0, height: Number(height) || 0 };
}

/** Read RGBA pixels of a drawable source through a 2D canvas. Throws if there is no canvas. */
export function pixelsFromCanvasSource(source: unknown, maxPixels: number): RgbaImage {
  const { width, height } = sourceSize(source);
  if (width < 1 || height < 1) {
    throw new ImageInputError('The image element has no pixels yet (width or height is 0): wait for it to load (img.decode() or the load event) before passing it.');
  }
  checkPixelLimit('image', width, height, maxPixels);
  const ctx = context2d(width, height);
  if (!ctx) throw new ImageInputError('No 2D canvas is available in this runtime to read the image pixels.');
  ctx.drawImage(source, 0, 0);
  return { width, height, data: ctx.getImageData(0, 0, width, height).data };
}

/** Decode with the runtime's own decoder; resolves undefined if it refuses, so the caller can fall back. */
export async function decodeNatively(bytes: Uint8Array, honourOrientation: boolean, maxPixels: number): Promise<RgbaImage | undefined> {
  let bitmap: any;
  try {
    bitmap = await g.createImageBitmap(new g.Blob([bytes]), {
      imageOrientation: honourOrientation ? 'from-image' : 'none',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch {
    return undefined;
  }
  try {
    return pixelsFromCanvasSource(bitmap, maxPixels);
  } finally {
    bitmap.close?.();
  }
}
