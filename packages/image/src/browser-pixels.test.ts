import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleJpeg } from './test-support/fixtures.js';

// Browser paths, exercised in Node with stand-in globals. The module caches its canvas probe, so
// each case imports a fresh copy after stubbing.
async function fresh() {
  vi.resetModules();
  return { ...(await import('./decode.js')), ...(await import('./load-image.js')), ...(await import('./browser-pixels.js')) };
}

function fakeCanvasClass(working: boolean, drawn: unknown[]) {
  return class FakeOffscreenCanvas {
    constructor(public width: number, public height: number) {}
    getContext() {
      if (!working) return null;
      const { width, height } = this;
      return {
        drawImage: (source: unknown) => drawn.push(source),
        getImageData: () => ({ data: new Uint8ClampedArray(width * height * 4).fill(77) }),
      };
    }
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('browser paths (feature-detected at call time)', () => {
  it('in plain Node there is no native decoding and nothing is a canvas source', async () => {
    const m = await fresh();
    expect(m.canDecodeNatively()).toBe(false);
    expect(m.isCanvasSource({ width: 1, height: 1 })).toBe(false);
  });

  it('reads an OffscreenCanvas / ImageBitmap through a 2D context', async () => {
    const drawn: unknown[] = [];
    const Canvas = fakeCanvasClass(true, drawn);
    vi.stubGlobal('OffscreenCanvas', Canvas);
    const m = await fresh();
    const source = new Canvas(3, 2);
    const image = await m.loadImage(source);
    expect([image.width, image.height, image.data[0]]).toEqual([3, 2, 77]);
    expect(drawn).toEqual([source]);
    await expect(m.loadImage(new Canvas(3000, 3000), { maxPixels: 1000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('decodes bytes natively with createImageBitmap when a canvas works, honouring EXIF by default', async () => {
    const drawn: unknown[] = [];
    vi.stubGlobal('OffscreenCanvas', fakeCanvasClass(true, drawn));
    const bitmap = { width: 32, height: 24, close: vi.fn() };
    const createImageBitmap = vi.fn(async (_blob: unknown, _options?: unknown) => bitmap);
    vi.stubGlobal('createImageBitmap', createImageBitmap);
    const m = await fresh();
    const image = await m.decode(sampleJpeg());
    expect(image.data[0]).toBe(77); // came from the (fake) canvas, not the JS decoder
    expect(createImageBitmap.mock.calls[0][1]).toMatchObject({ imageOrientation: 'from-image' });
    expect(bitmap.close).toHaveBeenCalled();
    // decoder: 'js' bypasses it; headers are still validated on the native path.
    expect((await m.decode(sampleJpeg(), { decoder: 'js' })).data[0]).not.toBe(77);
    await expect(m.decode(sampleJpeg().subarray(0, 100))).rejects.toMatchObject({ code: 'TRUNCATED' });
  });

  it('falls back to the JS decoder when createImageBitmap rejects or no 2D context exists (Deno)', async () => {
    vi.stubGlobal('OffscreenCanvas', fakeCanvasClass(true, []));
    vi.stubGlobal('createImageBitmap', vi.fn(async () => { throw new Error('InvalidStateError'); }));
    let m = await fresh();
    const js = m.decodeSync(sampleJpeg());
    expect((await m.decode(sampleJpeg())).data).toEqual(js.data);
    vi.stubGlobal('OffscreenCanvas', fakeCanvasClass(false, []));
    vi.stubGlobal('createImageBitmap', vi.fn(async () => ({ width: 1, height: 1 })));
    m = await fresh();
    expect(m.canDecodeNatively()).toBe(false);
    expect((await m.decode(sampleJpeg())).data).toEqual(js.data);
  });
});
