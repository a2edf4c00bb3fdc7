import { ImageDecodeError } from './errors.js';
import { checkPixelLimit } from './pixel-limit.js';

/** What the marker walk learns about a JPEG without decoding any pixels. */
export interface JpegStructure {
  width: number;
  height: number;
  components: number;
  progressive: boolean;
  /** The TIFF payload of the first APP1 "Exif\0\0" segment, if any. */
  exif: Uint8Array | undefined;
}

const TRUNCATED_HINT = 'The download or upload was probably cut short: fetch or export the file again.';

function truncated(what: string): ImageDecodeError {
  return new ImageDecodeError('TRUNCATED', `The JPEG ends ${what}. ${TRUNCATED_HINT}`);
}

function corrupt(what: string): ImageDecodeError {
  return new ImageDecodeError('CORRUPT', `The JPEG is damaged: ${what}. Re-export it from an image editor or fetch it again.`);
}

/** SOF markers; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
function isFrameMarker(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

/**
 * Walk the JPEG marker segments: read the frame header (SOF) to enforce the pixel limit before
 * any allocation, find the EXIF segment, and check the file reaches its EOI marker (a missing
 * EOI means truncation; the decoder alone would silently paint the missing part grey).
 */
export function readJpegStructure(bytes: Uint8Array, maxPixels: number): JpegStructure {
  const n = bytes.length;
  let frame: Omit<JpegStructure, 'exif'> | undefined;
  let exif: Uint8Array | undefined;
  let pos = 2; // after SOI
  while (true) {
    if (pos >= n) throw truncated(frame ? 'before its image data' : 'before its frame header');
    if (bytes[pos] !== 0xff) throw corrupt(`expected a marker at byte ${pos}, found 0x${bytes[pos].toString(16)}`);
    while (pos < n && bytes[pos] === 0xff) pos++; // fill bytes
    if (pos >= n) throw truncated('inside a marker');
    const marker = bytes[pos++];
    if (marker === 0xd8 || marker === 0x00) throw corrupt(`unexpected marker 0xFF${marker.toString(16)} at byte ${pos - 2}`);
    if (marker === 0xd9) throw corrupt('it ends (EOI) before any image data');
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // standalone markers
    if (pos + 2 > n) throw truncated('inside a segment header');
    const length = (bytes[pos] << 8) | bytes[pos + 1];
    if (length < 2) throw corrupt(`segment 0xFF${marker.toString(16)} has an invalid length ${length}`);
    const end = pos + length;
    if (end > n) throw truncated(`inside segment 0xFF${marker.toString(16).toUpperCase()}`);
    const body = bytes.subarray(pos + 2, end);
    if (isFrameMarker(marker)) {
      if (frame) throw corrupt('it has more than one frame header');
      if (body.length < 6) throw corrupt('its frame header is too short');
      const height = (body[1] << 8) | body[2];
      const width = (body[3] << 8) | body[4];
      const components = body[5];
      if (height === 0) {
        throw new ImageDecodeError('UNSUPPORTED_FORMAT', 'The JPEG declares its height later in the file (DNL marker), which is not supported. Re-save it with a standard encoder.');
      }
      checkPixelLimit('JPEG', width, height, maxPixels);
      if (marker !== 0xc0 && marker !== 0xc1 && marker !== 0xc2) {
        throw new ImageDecodeError('UNSUPPORTED_FORMAT', `The JPEG uses a ${describeFrame(marker)} encoding, which is not supported; only baseline and progressive Huffman JPEGs are. Re-save it as a standard JPEG or PNG.`);
      }
      if (body[0] !== 8) {
        throw new ImageDecodeError('UNSUPPORTED_FORMAT', `The JPEG has ${body[0]}-bit samples; only 8-bit JPEGs are supported. Re-save it as an 8-bit JPEG or a PNG.`);
      }
      if (components !== 1 && components !== 3 && components !== 4) {
        throw new ImageDecodeError('UNSUPPORTED_FORMAT', `The JPEG has ${components} colour components; only greyscale (1), YCbCr/RGB (3) and CMYK (4) are supported.`);
      }
      if (body.length < 6 + 3 * components) throw corrupt('its frame header is too short for its components');
      frame = { width, height, components, progressive: marker === 0xc2 };
    } else if (marker === 0xe1 && !exif && body.length > 6 &&
      body[0] === 0x45 && body[1] === 0x78 && body[2] === 0x69 && body[3] === 0x66 && body[4] === 0 && body[5] === 0) {
      exif = body.subarray(6);
    }
    pos = end;
    if (marker === 0xda) {
      if (!frame) throw corrupt('its image data starts before the frame header');
      pos = skipEntropyData(bytes, pos);
      if (bytes[pos + 1] === 0xd9) return { ...frame, exif };
    }
  }
}

/** Return the offset of the next marker (0xFF not followed by 0x00 or an RST) after entropy-coded data. */
function skipEntropyData(bytes: Uint8Array, pos: number): number {
  const n = bytes.length;
  for (let i = pos; i + 1 < n; i++) {
    if (bytes[i] !== 0xff) continue;
    const next = bytes[i + 1];
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) continue;
    return i;
  }
  throw truncated('inside its image data (no end-of-image marker)');
}

function describeFrame(marker: number): string {
  if (marker === 0xc3 || marker === 0xc7 || marker === 0xcb || marker === 0xcf) return 'lossless';
  if (marker >= 0xc9) return 'arithmetic-coded';
  return 'hierarchical';
}
