import { deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/**
 * A QR code for `text` as a greyscale PNG at most `width` pixels wide. Encoded here rather than
 * by qrcode's own PNG renderer, which takes over a second per image under jest's module sandbox.
 */
export function qrPng(text: string, width: number): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const margin = 4;
  const cells = modules.size + 2 * margin;
  const scale = Math.max(1, Math.floor(width / cells));
  const side = cells * scale;
  // One filter byte (0 = none) per row, then one byte per pixel: 0 black, 255 white.
  const raw = Buffer.alloc(side * (side + 1), 255);
  for (let y = 0; y < side; y += 1) {
    const row = y * (side + 1);
    raw[row] = 0;
    const cellY = Math.floor(y / scale) - margin;
    if (cellY < 0 || cellY >= modules.size) continue;
    for (let x = 0; x < side; x += 1) {
      const cellX = Math.floor(x / scale) - margin;
      if (cellX >= 0 && cellX < modules.size && modules.get(cellY, cellX)) raw[row + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed), 0);
  return Buffer.concat([length, typed, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
