/**
 * What the first conv layer sees: its 3×3 filters (red positive, blue negative weights) and their
 * ReLU outputs on one horizontal and one vertical example. After training, filters look like
 * horizontal or vertical edge detectors and each fires on one kind of stripe only.
 */
import { noGrad, tensor, type Sequential } from '@neurite/core';
import { divergingToRgba, drawRgba, grayToRgba, newCanvas } from '../canvas.js';
import { FILTERS } from './model.js';
import { SIDE } from './stripes.js';

function row(title: string, canvases: HTMLCanvasElement[]): HTMLDivElement {
  const div = document.createElement('div');
  div.className = 'row';
  const label = document.createElement('span');
  label.textContent = title;
  div.append(label, ...canvases);
  return div;
}

/**
 * How orientation-selective each first-layer filter is on `x` (alternating horizontal, vertical
 * images): |mean response to horizontal − to vertical| / (sum), 0 = blind to orientation, 1 = fires on one only.
 */
export function orientationSelectivity(model: Sequential, x: Float32Array, n: number): number[] {
  const out = noGrad(() => model.layers[0].apply(tensor(x.subarray(0, n * SIDE * SIDE), [n, SIDE, SIDE, 1]))).data;
  const sums = Array.from({ length: FILTERS }, () => [0, 0]);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < SIDE * SIDE; p++) for (let f = 0; f < FILTERS; f++) sums[f][i % 2] += out[(i * SIDE * SIDE + p) * FILTERS + f];
  }
  return sums.map(([h, v]) => (h + v === 0 ? 0 : Math.abs(h - v) / (h + v)));
}

export function drawFeatureMaps(container: HTMLElement, model: Sequential, examples: Float32Array[], caption: string, selectivity: number[]): void {
  const conv = model.layers[0];
  const kernel = model.getWeights()[0]; // [3, 3, 1, FILTERS]
  const kernels = Array.from({ length: FILTERS }, (_, f) => {
    const k = new Float32Array(9);
    for (let i = 0; i < 9; i++) k[i] = kernel.data[i * FILTERS + f];
    const c = newCanvas(3, 3, 'kernel');
    drawRgba(c, divergingToRgba(k, 3, 3), 3, 3);
    c.dataset.filter = String(f);
    return c;
  });

  container.replaceChildren();
  const heading = document.createElement('p');
  heading.className = 'muted';
  heading.id = 'feature-caption';
  heading.textContent = caption;
  container.append(heading, row('conv 1 filters', kernels));
  const mean = selectivity.reduce((a, b) => a + b, 0) / selectivity.length;
  const sel = document.createElement('p');
  sel.className = 'muted';
  sel.id = 'selectivity';
  sel.dataset.mean = mean.toFixed(4);
  sel.textContent = `orientation selectivity per filter (0 = blind to orientation, 1 = fires on one orientation only): ${selectivity.map((v) => v.toFixed(2)).join(', ')} — mean ${mean.toFixed(2)}`;
  container.append(sel);

  for (const [i, example] of examples.entries()) {
    const input = newCanvas(SIDE, SIDE);
    drawRgba(input, grayToRgba(example, SIDE, SIDE), SIDE, SIDE);
    const out = noGrad(() => conv.apply(tensor(example, [1, SIDE, SIDE, 1]))).data; // [1, 16, 16, FILTERS]
    const maps = Array.from({ length: FILTERS }, (_, f) => {
      const m = new Float32Array(SIDE * SIDE);
      for (let p = 0; p < SIDE * SIDE; p++) m[p] = out[p * FILTERS + f];
      const c = newCanvas(SIDE, SIDE, 'feature-map');
      drawRgba(c, grayToRgba(m, SIDE, SIDE), SIDE, SIDE);
      return c;
    });
    container.append(row(i === 0 ? 'horizontal → maps' : 'vertical → maps', [input, ...maps]));
  }
}
