import type { TEvidenceContentType } from '@contest/shared';

/** What the bytes are, read from the image's own headers: its format and its size in pixels. */
export interface RecognisedImage {
  contentType: TEvidenceContentType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG: the signature, then the IHDR chunk (always first) with a width and height above zero. */
function png(bytes: Buffer): RecognisedImage | null {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('ascii', 12, 16) !== 'IHDR') return null;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  return width > 0 && height > 0 ? { contentType: 'image/png', width, height } : null;
}

/** Start-of-frame markers (baseline, progressive, …) carry the size; DHT, JPG and DAC share the range and do not. */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** JPEG: SOI, then segments walked by their lengths up to a start-of-frame with a size above zero. */
function jpeg(bytes: Buffer): RecognisedImage | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2) return null;
    if (isStartOfFrame(marker)) {
      if (at + 9 > bytes.length) return null;
      const height = bytes.readUInt16BE(at + 5);
      const width = bytes.readUInt16BE(at + 7);
      return width > 0 && height > 0 ? { contentType: 'image/jpeg', width, height } : null;
    }
    // Image data before any frame header: not a JPEG a viewer could show.
    if (marker === 0xda || marker === 0xd9) return null;
    at += 2 + length;
  }
  return null;
}

/** WebP: RIFF…WEBP whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended), each with its size. */
function webp(bytes: Buffer): RecognisedImage | null {
  if (bytes.length < 30 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WEBP') return null;
  const chunk = bytes.toString('ascii', 12, 16);
  let size: { width: number; height: number } | null = null;
  if (chunk === 'VP8 ' && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    size = { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  } else if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = bytes.readUInt32LE(21);
    size = { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  } else if (chunk === 'VP8X') {
    size = { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
  }
  return size && size.width > 0 && size.height > 0 ? { contentType: 'image/webp', ...size } : null;
}

/** The image the bytes hold, recognised by their content alone (a name or a declared type proves nothing); null when they hold none. */
export function recogniseImage(bytes: Buffer): RecognisedImage | null {
  return jpeg(bytes) ?? png(bytes) ?? webp(bytes);
}
