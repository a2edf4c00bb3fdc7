/** 8-bit RGBA pixels, row-major, 4 bytes per pixel, no padding between rows. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/**
 * A float RGB image, row-major HWC, 3 values per pixel. The pipeline produces values in [0, 1]
 * (see resize.ts); the augmentations expect that range too.
 */
export interface FloatImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Raw interleaved 8-bit pixels with an explicit channel count (3 = RGB, 4 = RGBA). */
export interface RawPixels {
  width: number;
  height: number;
  channels: 3 | 4;
  data: ArrayLike<number> & { length: number };
}

/** Encoded image bytes in any of the forms the runtimes hand out. Node's Buffer is a Uint8Array. */
export type ImageBytes = Uint8Array | ArrayBuffer | DataView;

/** Options shared by everything that decodes. */
export interface DecodeOptions {
  /**
   * Largest accepted width × height, checked from the file header before any pixel memory is
   * allocated. Default 40 000 000 (40 megapixels).
   */
  maxPixels?: number;
  /**
   * 'auto' (default) decodes with the browser's native decoder where `createImageBitmap` and a
   * canvas are available, else with the bundled JavaScript decoders; 'js' always uses the bundled
   * decoders, which give the same pixels in every runtime.
   */
  decoder?: 'auto' | 'js';
}

export const DEFAULT_MAX_PIXELS = 40_000_000;
