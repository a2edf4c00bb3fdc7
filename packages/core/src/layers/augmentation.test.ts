/** The augmentation layers against hand-derived Keras/TF semantics (tfjs 4.22 has none of them). */
import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { assertGradients } from '../gradient-check.js';
import { imageTransform } from '../ops/image-transform.js';
import { Tensor, tensor } from '../tensor.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { RandomContrast } from './random-contrast.js';
import { RandomFlip } from './random-flip.js';
import { RandomRotation, rotationTransform } from './random-rotation.js';
import { RandomTranslation } from './random-translation.js';
import { RandomZoom } from './random-zoom.js';

beforeAll(setupBackends);

/** A 1×h×w×1 image whose pixel (y, x) holds 10·y + x. */
function grid(h: number, w: number): Tensor {
  return new Tensor(Float32Array.from({ length: h * w }, (_, i) => 10 * Math.floor(i / w) + (i % w)), [1, h, w, 1]);
}
const rows = (t: Tensor, h: number, w: number) => Array.from({ length: h }, (_, y) => [...t.data.slice(y * w, y * w + w)]);

describe('imageTransform (TF ImageProjectiveTransformV3 semantics)', () => {
  it('translates with reflect, wrap, nearest and constant fill', () => {
    const img = grid(1, 5); // 0 1 2 3 4
    const shiftRight2 = [1, 0, -2, 0, 1, 0, 0, 0]; // output x reads input x − 2
    expect(rows(imageTransform(img, shiftRight2, 'nearest', 'reflect'), 1, 5)).toEqual([[1, 0, 0, 1, 2]]);
    expect(rows(imageTransform(img, shiftRight2, 'nearest', 'wrap'), 1, 5)).toEqual([[3, 4, 0, 1, 2]]);
    expect(rows(imageTransform(img, shiftRight2, 'nearest', 'nearest'), 1, 5)).toEqual([[0, 0, 0, 1, 2]]);
    expect(rows(imageTransform(img, shiftRight2, 'nearest', 'constant', -1), 1, 5)).toEqual([[-1, -1, 0, 1, 2]]);
  });
  it('bilinear half-pixel shift averages neighbours; constant fill blends the fill value', () => {
    const out = imageTransform(grid(1, 4), [1, 0, 0.5, 0, 1, 0, 0, 0], 'bilinear', 'constant', 100);
    expect([...out.data]).toEqual([0.5, 1.5, 2.5, 51.5]);
  });
  it('rotation by 90° maps the grid as expected', () => {
    const out = imageTransform(grid(3, 3), rotationTransform(Math.PI / 2, 3, 3), 'nearest', 'constant');
    // Output (x, y) reads input (y, 2 − x): a counter-clockwise quarter turn of the picture.
    expect(rows(out, 3, 3)).toEqual([[2, 12, 22], [1, 11, 21], [0, 10, 20]]);
  });
  it('is differentiable (bilinear, all fill modes)', () => {
    for (const mode of ['reflect', 'wrap', 'constant', 'nearest'] as const) {
      assertGradients((x) => imageTransform(x, [0.9, 0.2, 0.3, -0.1, 1.1, -0.4, 0, 0, 1, 0, 0.7, 0, 1, -0.2, 0, 0], 'bilinear', mode, 0.5), [randomTensor([2, 4, 5, 2], 3)]);
    }
  });
});

describe('augmentation layers', () => {
  const img = randomTensor([4, 6, 5, 3], 1, 100);

  it('are the identity at inference and change images in training', () => {
    const made = [
      new RandomFlip({ seed: 1 }), new RandomRotation({ factor: 0.2, seed: 1 }), new RandomZoom({ heightFactor: 0.3, seed: 1 }),
      new RandomTranslation({ heightFactor: 0.2, widthFactor: 0.2, seed: 1 }), new RandomContrast({ factor: 0.5, seed: 1, valueRange: [-1000, 1000] }),
    ];
    for (const layer of made) {
      expect(layer.apply(img)).toBe(img);
      const out = layer.apply(img, { training: true });
      expect(out.shape).toEqual(img.shape);
      expect([...out.data]).not.toEqual([...img.data]);
    }
  });

  it('are deterministic for a seed and accept a single unbatched image', () => {
    const a = new RandomRotation({ factor: 0.3, seed: 5 }).apply(img, { training: true });
    const b = new RandomRotation({ factor: 0.3, seed: 5 }).apply(img, { training: true });
    expect([...a.data]).toEqual([...b.data]);
    const single = randomTensor([6, 5, 3], 2);
    expect(new RandomZoom({ heightFactor: 0.2, seed: 1 }).apply(single, { training: true }).shape).toEqual([6, 5, 3]);
  });

  it('RandomFlip flips whole images only, horizontally in horizontal mode', () => {
    const x = grid(2, 3);
    const seen = new Set<string>();
    const layer = new RandomFlip({ mode: 'horizontal', seed: 3 });
    for (let i = 0; i < 20; i++) seen.add(JSON.stringify(rows(layer.apply(x, { training: true }), 2, 3)));
    expect([...seen].sort()).toEqual([JSON.stringify([[0, 1, 2], [10, 11, 12]]), JSON.stringify([[2, 1, 0], [12, 11, 10]])].sort());
  });

  it('RandomTranslation with a fixed factor shifts by that fraction', () => {
    const layer = new RandomTranslation({ heightFactor: [0, 0], widthFactor: [0.4, 0.4], fillMode: 'constant', interpolation: 'nearest' });
    expect(rows(layer.apply(grid(1, 5), { training: true }), 1, 5)).toEqual([[0, 0, 0, 1, 2]]);
  });

  it('RandomZoom with a fixed positive factor zooms out about the centre', () => {
    const layer = new RandomZoom({ heightFactor: [1, 1], fillMode: 'constant', interpolation: 'nearest' });
    // zoom 2: output x reads input 2x − 2 (centre 2 fixed): 0 → −2 (fill), 1 → 0, 2 → 2, 3 → 4, 4 → 6 (fill).
    expect(rows(layer.apply(grid(1, 5), { training: true }), 1, 5)[0]).toEqual([0, 0, 2, 4, 0]);
  });

  it('RandomContrast scales about the per-image channel mean and clips to valueRange', () => {
    const x = tensor([0, 10, 20, 30], [1, 2, 2, 1]);
    const out = new RandomContrast({ factor: [0, 0] }).apply(x, { training: true });
    expect([...out.data]).toEqual([0, 10, 20, 30]);
    const clipped = new RandomContrast({ factor: [0, 3], seed: 2, valueRange: [5, 25] }).apply(x, { training: true });
    expect(Math.min(...clipped.data)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...clipped.data)).toBeLessThanOrEqual(25);
  });

  it('pass the gradient check in training with a fixed draw', () => {
    const x = randomTensor([2, 4, 3, 2], 7);
    assertGradients((input) => new RandomRotation({ factor: 0.1, seed: 1 }).apply(input, { training: true }), [x]);
    assertGradients((input) => new RandomContrast({ factor: 0.5, seed: 1, valueRange: [-10, 10] }).apply(input, { training: true }), [x]);
  });

  it('reject bad arguments with ValueError and write Keras config keys', () => {
    expect(() => new RandomFlip({ mode: 'diagonal' as 'horizontal' })).toThrow(ValueError);
    expect(() => new RandomZoom({ heightFactor: [0.5, 0.1] })).toThrow(ValueError);
    expect(() => new RandomRotation({ factor: 0.1, fillMode: 'mirror' as 'reflect' })).toThrow(ValueError);
    expect(() => new RandomContrast({ factor: 1.5 })).toThrow(ValueError);
    expect(Object.keys(new RandomRotation({ factor: 0.1 }).getConfig()).sort()).toEqual(['dtype', 'factor', 'fill_mode', 'fill_value', 'interpolation', 'name', 'seed', 'trainable']);
    expect(new RandomFlip().getConfig()).toMatchObject({ mode: 'horizontal_and_vertical', seed: null });
  });
});
