import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSync } from './decode.js';
import { ImageDecodeError } from './errors.js';
import { encodeJpeg, quadrants, samplePng } from './test-support/fixtures.js';
import { writeFlatJpeg } from './test-support/jpeg-writer.js';

// Property: any byte string either decodes to a consistent RGBA image or throws ImageDecodeError:
// never another exception, never a hang. Runs are bounded so the suite stays fast.

// NEURITE_FUZZ_RUNS=5000 runs a longer, randomly seeded campaign locally.
const EXTRA = process.env.NEURITE_FUZZ_RUNS ? Number(process.env.NEURITE_FUZZ_RUNS) : 0;
const runs = (n: number, seed: number) => (EXTRA > 0 ? { numRuns: EXTRA } : { numRuns: n, seed });

function decodesOrThrowsTyped(bytes: Uint8Array): void {
  try {
    const image = decodeSync(bytes, { maxPixels: 1_000_000 });
    expect(image.width).toBeGreaterThan(0);
    expect(image.height).toBeGreaterThan(0);
    expect(image.data.length).toBe(image.width * image.height * 4);
  } catch (error) {
    if (!(error instanceof ImageDecodeError)) throw error;
    expect(['EMPTY', 'TRUNCATED', 'UNSUPPORTED_FORMAT', 'TOO_LARGE', 'CORRUPT']).toContain(error.code);
  }
}

const seeds = {
  jpeg: encodeJpeg(24, 16, quadrants(24, 16), 80),
  progressive: writeFlatJpeg({ width: 16, height: 16, components: 3, progressive: true, value: (c, bx, by) => 40 * c + 60 * bx + 30 * by }),
  grey: writeFlatJpeg({ width: 16, height: 8, components: 1, value: (_c, bx) => 50 + 100 * bx }),
  png: samplePng(),
};

/** A valid file with a few random edits: overwrite, insert, delete, truncate. */
function mutated(seed: Uint8Array) {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), value: fc.constant(0) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), value: fc.constant(0) }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let bytes = Array.from(seed);
    for (const { kind, at, value } of edits) {
      const i = at % Math.max(1, bytes.length);
      if (kind === 'set') bytes[i] = value;
      else if (kind === 'insert') bytes.splice(i, 0, value);
      else if (kind === 'delete') bytes.splice(i, 1);
      else bytes = bytes.slice(0, i);
    }
    return Uint8Array.from(bytes);
  });
}

describe('decode never throws anything but ImageDecodeError', () => {
  it('random bytes, including ones that start with a JPEG or PNG signature', () => {
    const prefix = fc.constantFrom([], [0xff, 0xd8, 0xff], [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], Array.from(seeds.png.subarray(0, 33)));
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 300 }), (head, tail) => decodesOrThrowsTyped(Uint8Array.from([...head, ...tail]))),
      runs(400, 1),
    );
  }, 600_000);

  for (const [name, seed] of Object.entries(seeds)) {
    it(`mutations of a valid ${name}`, () => {
      fc.assert(fc.property(mutated(seed), decodesOrThrowsTyped), runs(300, 2));
    }, 600_000);
  }
});
