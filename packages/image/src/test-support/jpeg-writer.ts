// Test-only: a tiny JPEG writer for files our encoder dependency cannot make (greyscale, CMYK,
// progressive). Every 8×8 block is flat (DC coefficient only, quantiser 1), so the decoded pixel
// value of a block is exactly its requested value up to IDCT rounding.

export interface FlatJpegOptions {
  /** Size in pixels (need not be a multiple of 8; edge blocks are cropped by the decoder). */
  width: number;
  height: number;
  /** value(component, blockX, blockY) → sample 0–255 for that 8×8 block. */
  value: (component: number, bx: number, by: number) => number;
  components: 1 | 3 | 4;
  progressive?: boolean;
  /** Write an Adobe APP14 marker with this transform (0 = none/CMYK, 1 = YCbCr, 2 = YCCK). */
  adobeTransform?: 0 | 1 | 2;
}

function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

class BitWriter {
  bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1); // pad with 1-bits
    return this.bytes;
  }
}

/** Bit category of a DC difference and its magnitude bits (T.81 F.1.2.1). */
function category(diff: number): { size: number; bits: number } {
  let size = 0;
  for (let a = Math.abs(diff); a > 0; a >>= 1) size++;
  const bits = diff >= 0 ? diff : diff + (1 << size) - 1;
  return { size, bits };
}

export function writeFlatJpeg(o: FlatJpegOptions): Uint8Array {
  const bw = Math.ceil(o.width / 8);
  const bh = Math.ceil(o.height / 8);
  const nc = o.components;
  const out: number[] = [0xff, 0xd8];
  if (o.adobeTransform !== undefined) {
    out.push(...segment(0xee, [0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, o.adobeTransform]));
  }
  out.push(...segment(0xdb, [0x00, ...new Array(64).fill(1)]));
  const sof = [8, o.height >> 8, o.height & 0xff, o.width >> 8, o.width & 0xff, nc];
  for (let c = 0; c < nc; c++) sof.push(c + 1, 0x11, 0);
  out.push(...segment(o.progressive ? 0xc2 : 0xc0, sof));
  // DC table: categories 0–11, all 4-bit codes (0000 = 0 … 1011 = 11). AC table: only EOB, code "0".
  const dcCounts = new Array(16).fill(0);
  dcCounts[3] = 12;
  out.push(...segment(0xc4, [0x00, ...dcCounts, ...Array.from({ length: 12 }, (_, i) => i)]));
  if (!o.progressive) {
    const acCounts = new Array(16).fill(0);
    acCounts[0] = 1;
    out.push(...segment(0xc4, [0x10, ...acCounts, 0x00]));
  }
  const sos: number[] = [nc];
  for (let c = 0; c < nc; c++) sos.push(c + 1, 0x00);
  sos.push(0, o.progressive ? 0 : 63, 0);
  out.push(...segment(0xda, sos));
  const bits = new BitWriter();
  const pred = new Array(nc).fill(0);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      for (let c = 0; c < nc; c++) {
        const dc = 8 * (Math.round(o.value(c, bx, by)) - 128);
        const { size, bits: extra } = category(dc - pred[c]);
        pred[c] = dc;
        bits.write(size, 4);
        if (size > 0) bits.write(extra, size);
        if (!o.progressive) bits.write(0, 1); // EOB
      }
    }
  }
  out.push(...bits.finish(), 0xff, 0xd9);
  return Uint8Array.from(out);
}

/** Insert an APP1 Exif segment carrying only the orientation tag right after SOI. */
export function withExifOrientation(jpeg: Uint8Array, orientation: number, littleEndian = false): Uint8Array {
  const u16 = (v: number) => (littleEndian ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff]);
  const u32 = (v: number) => (littleEndian ? [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24] : [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);
  const tiff = [
    ...(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d]), ...u16(42), ...u32(8),
    ...u16(2), // two IFD0 entries: an unrelated one first, so the reader must scan
    ...u16(0x010f), ...u16(2), ...u32(4), 0x4e, 0x65, 0x75, 0x00, // Make = "Neu"
    ...u16(0x0112), ...u16(3), ...u32(1), ...u16(orientation), 0, 0,
    ...u32(0),
  ];
  const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  return Uint8Array.from([0xff, 0xd8, ...segment(0xe1, body), ...jpeg.subarray(2)]);
}
