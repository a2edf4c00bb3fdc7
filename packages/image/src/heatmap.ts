/** A saliency map in [0, 1] → a small RGBA heat-map image (black → red → yellow → white). */
export interface HeatMap {
  width: number;
  height: number;
  /** RGBA, row-major, opaque. */
  data: Uint8ClampedArray;
}

export function toHeatMap(values: Float32Array, width: number, height: number): HeatMap {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = values[i];
    data[i * 4] = Math.round(255 * Math.min(1, 3 * v));
    data[i * 4 + 1] = Math.round(255 * Math.min(1, Math.max(0, 3 * v - 1)));
    data[i * 4 + 2] = Math.round(255 * Math.min(1, Math.max(0, 3 * v - 2)));
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}
