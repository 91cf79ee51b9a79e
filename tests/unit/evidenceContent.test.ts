/**
 * What the BFF takes as an evidence photo: the bytes' own headers decide (a JPEG frame, a PNG
 * IHDR, a WebP chunk with a size), and the `file` part is read out of a multipart body as
 * wx.uploadFile sends it.
 */
import { PNG } from 'pngjs';
import { recogniseImage } from '@contest/bff/src/services/evidence/imageContent';
import { multipartFile } from '@contest/bff/src/routes/api/evidence/uploadBody';

/** A baseline JPEG's header as cameras write it: SOI, APP0 (JFIF), then SOF0 with the size. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof0 = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof0, Buffer.alloc(64, 0x11), Buffer.from([0xff, 0xd9])]);
}

/** A lossless WebP's header: RIFF…WEBP, the VP8L chunk, its signature byte and the 14-bit width and height less one. */
function webpLossless(width: number, height: number): Buffer {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  const chunk = Buffer.concat([Buffer.from('VP8L'), Buffer.from([10, 0, 0, 0, 0x2f]), Buffer.from([bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >> 24) & 0xff]), Buffer.alloc(8)]);
  const riff = Buffer.alloc(4);
  riff.writeUInt32LE(4 + chunk.length);
  return Buffer.concat([Buffer.from('RIFF'), riff, Buffer.from('WEBP'), chunk]);
}

test('JPEG, PNG and WebP are recognised with their size in pixels', () => {
  expect(recogniseImage(jpegHeader(640, 480))).toEqual({ contentType: 'image/jpeg', width: 640, height: 480 });
  expect(recogniseImage(PNG.sync.write(new PNG({ width: 31, height: 17 })))).toEqual({ contentType: 'image/png', width: 31, height: 17 });
  expect(recogniseImage(webpLossless(1200, 900))).toEqual({ contentType: 'image/webp', width: 1200, height: 900 });
});

test('a format’s first bytes alone, a truncated header, a zero size or another format are not a photo', () => {
  expect(recogniseImage(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 0x41)]))).toBeNull();
  expect(recogniseImage(jpegHeader(640, 480).subarray(0, 25))).toBeNull();
  expect(recogniseImage(jpegHeader(0, 480))).toBeNull();
  expect(recogniseImage(PNG.sync.write(new PNG({ width: 4, height: 4 })).subarray(0, 20))).toBeNull();
  expect(recogniseImage(Buffer.from('%PDF-1.7\n'.repeat(10)))).toBeNull();
  expect(recogniseImage(Buffer.from('GIF89a'.padEnd(64, '\0')))).toBeNull();
  expect(recogniseImage(Buffer.alloc(0))).toBeNull();
});

test('the `file` part of a multipart body, byte for byte, beside other fields; null without one', () => {
  const photo = Buffer.concat([jpegHeader(10, 10), Buffer.from('\r\n--not-the-boundary\r\n')]);
  const boundary = '----WebKitFormBoundaryabc123';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tmp.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  expect(multipartFile(body, `multipart/form-data; boundary=${boundary}`)?.equals(photo)).toBe(true);
  expect(multipartFile(body, `multipart/form-data; boundary="${boundary}"`)?.equals(photo)).toBe(true);
  expect(multipartFile(body, 'multipart/form-data')).toBeNull();
  const noFile = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`);
  expect(multipartFile(noFile, `multipart/form-data; boundary=${boundary}`)).toBeNull();
});
