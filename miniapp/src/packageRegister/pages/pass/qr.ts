import qrcode from 'qrcode-generator'

/**
 * The pass's QR code, drawn on the phone as an image: a GIF data URL, which <Image> shows in the
 * weapp and H5 builds alike (no canvas, no file). Level M: a token of about 110 characters fits
 * version 7 (45 × 45 modules), dense but read at a glance, and M still reads with about 15 % of
 * it lost to a scratched screen or glare.
 */
const CELL_PX = 8

export function passQrImage(token: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(token, 'Byte')
  qr.make()
  // The quiet zone scanners need: 4 modules of white around it.
  return qr.createDataURL(CELL_PX, CELL_PX * 4)
}
