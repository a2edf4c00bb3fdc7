import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeBase64 } from './base64.js';

const all = Uint8Array.from({ length: 259 }, (_, i) => (i * 37) & 0xff);
/** Every padding length (0–2 '='), and all byte values, as Node's Buffer encodes them. */
const cases = [...Array.from({ length: 8 }, (_, n) => all.subarray(0, n)), all].map((bytes) => ({ bytes, text: Buffer.from(bytes).toString('base64') }));

describe('decodeBase64', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    delete (Uint8Array as { fromBase64?: unknown }).fromBase64;
  });

  it("decodes through Node's Buffer", () => {
    const from = vi.spyOn(Buffer, 'from');
    for (const { bytes, text } of cases) expect(decodeBase64(text)).toEqual(bytes);
    expect(from).toHaveBeenCalledTimes(cases.length);
    from.mockRestore();
  });

  it('decodes through atob where there is no Buffer', () => {
    vi.stubGlobal('Buffer', undefined);
    for (const { bytes, text } of cases) expect(decodeBase64(text)).toEqual(bytes);
  });

  it('uses Uint8Array.fromBase64 where the runtime has it', () => {
    const fromBase64 = vi.fn((text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
    (Uint8Array as { fromBase64?: unknown }).fromBase64 = fromBase64;
    vi.stubGlobal('Buffer', undefined);
    expect(decodeBase64(cases[8].text)).toEqual(all);
    expect(fromBase64).toHaveBeenCalledTimes(1);
  });
});
