import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyImage, ImageDecodeError, ImageInputError, loadImageClassifier, type Classification, type ImageInput } from './index.js';
import { drawCritter, pngOf, rgbOf } from './test-support/drawings.js';
import { encodeJpeg } from './test-support/fixtures.js';

const W = 48;
const H = 36;
const rgba = drawCritter(W, H, 1);
const png = pngOf(W, H, rgba);

afterEach(() => vi.unstubAllGlobals());

describe('classifyImage with the shipped weights (Node)', () => {
  it('returns a label, its confidence and scores that sum to 1', async () => {
    const r = await classifyImage(png);
    expect(['cat', 'dog']).toContain(r.label);
    expect(r.scores.cat + r.scores.dog).toBeCloseTo(1, 6);
    expect(r.confidence).toBe(Math.max(r.scores.cat, r.scores.dog));
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.label).toBe(r.scores.dog >= 0.5 ? 'dog' : 'cat');
    expect(r.saliency).toBeUndefined();
  });

  it('is deterministic: the same input gives the same scores', async () => {
    const a = await classifyImage(png);
    const b = await classifyImage(png);
    const c = await (await loadImageClassifier()).classify(png);
    expect(b.scores).toEqual(a.scores);
    expect(c.scores).toEqual(a.scores);
  });

  it('a batch of N equals N single calls, in order (also across internal batch boundaries)', async () => {
    const inputs = [0, 1, 2, 3, 4].map((s) => pngOf(W, H, drawCritter(W, H, s)));
    const singles: Classification[] = [];
    for (const input of inputs) singles.push(await classifyImage(input));
    const batch = await classifyImage(inputs, { batchSize: 2 });
    expect(batch).toHaveLength(5);
    batch.forEach((r, i) => expect(r.scores).toEqual(singles[i].scores)); // bit-identical
    expect(new Set(singles.map((r) => r.scores.dog)).size).toBeGreaterThan(1); // the pictures really differ
  });

  it('every input kind holding the same pixels gives the same result', async () => {
    const expected = (await classifyImage(png)).scores.dog;
    const dir = mkdtempSync(join(tmpdir(), 'neurite-classify-'));
    const file = join(dir, 'critter.png');
    writeFileSync(file, png);
    const copy = png.slice();
    const inputs: unknown[] = [
      copy,
      copy.buffer,
      Buffer.from(png),
      new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
      file,
      { width: W, height: H, data: new Uint8ClampedArray(rgba) }, // ImageData-like
      { width: W, height: H, data: rgbOf(rgba), channels: 3 },
      { width: W, height: H, data: Array.from(rgba), channels: 4 },
    ];
    for (const input of inputs) expect((await classifyImage(input as ImageInput)).scores.dog).toBe(expected);
  });

  it('reads a browser drawable (stand-in OffscreenCanvas) like the same pixels', async () => {
    class FakeOffscreenCanvas {
      constructor(public width: number, public height: number) {}
      getContext() {
        return { drawImage: () => undefined, getImageData: () => ({ data: new Uint8ClampedArray(rgba) }) };
      }
    }
    vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);
    const r = await classifyImage(new FakeOffscreenCanvas(W, H) as ImageInput);
    expect(r.scores.dog).toBe((await classifyImage(png)).scores.dog);
  });

  it('JPEG bytes classify too (lossy, so only close to the PNG)', async () => {
    const r = await classifyImage(encodeJpeg(W, H, rgba, 95));
    expect(r.scores.dog).toBeCloseTo((await classifyImage(png)).scores.dog, 1);
  });

  it('bad bytes throw the typed ImageDecodeError, also inside a batch', async () => {
    await expect(classifyImage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).rejects.toBeInstanceOf(ImageDecodeError);
    await expect(classifyImage(png.subarray(0, png.length - 20))).rejects.toMatchObject({ name: 'ImageDecodeError', code: 'TRUNCATED' });
    await expect(classifyImage([png, new Uint8Array(0)])).rejects.toMatchObject({ code: 'EMPTY' });
  });

  it('inputs that are not images throw ImageInputError', async () => {
    await expect(classifyImage(42 as unknown as ImageInput)).rejects.toBeInstanceOf(ImageInputError);
    await expect(classifyImage(png, { batchSize: 0 })).rejects.toBeInstanceOf(ImageInputError);
  });

  it('explain adds a size × size RGBA heat map without changing the scores', async () => {
    const plain = await classifyImage(png);
    const r = await classifyImage(png, { explain: true });
    expect(r.scores).toEqual(plain.scores);
    const map = r.saliency!;
    const side = (await loadImageClassifier()).inputSize;
    expect([map.width, map.height]).toEqual([side, side]);
    expect(map.data).toBeInstanceOf(Uint8ClampedArray);
    expect(map.data.length).toBe(side * side * 4);
    let max = 0;
    for (let i = 0; i < map.data.length; i += 4) max = Math.max(max, map.data[i]);
    expect(max).toBe(255); // normalised: the strongest pixel is full red
  });
});
