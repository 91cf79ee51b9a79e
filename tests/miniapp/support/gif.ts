/**
 * Reads back a GIF data URL as the phone would show it (first image, global palette), as RGBA
 * pixels: enough to hand the pass page's QR image to a QR reader (jsqr) in a test.
 */

/** GIF's variable-width LZW: codes LSB first, the width growing as the table fills, up to 12 bits. */
function lzwDecode(minCodeSize: number, data: Uint8Array, pixelCount: number): Uint8Array {
  const clear = 1 << minCodeSize
  const end = clear + 1
  const out = new Uint8Array(pixelCount)
  let written = 0
  let table: number[][] = []
  let width = minCodeSize + 1
  let previous: number[] | null = null
  const reset = () => {
    table = Array.from({ length: clear + 2 }, (_, i) => (i < clear ? [i] : []))
    width = minCodeSize + 1
    previous = null
  }
  reset()
  let bit = 0
  while (written < pixelCount && bit + width <= data.length * 8) {
    let code = 0
    for (let i = 0; i < width; i += 1, bit += 1) code |= (((data[bit >> 3] ?? 0) >> (bit & 7)) & 1) << i
    if (code === clear) {
      reset()
      continue
    }
    if (code === end) break
    const known = table[code]
    const entry: number[] = known ?? (previous ? [...previous, previous[0] ?? 0] : [])
    if (previous) table.push([...previous, entry[0] ?? 0])
    for (const index of entry) if (written < pixelCount) out[written++] = index
    previous = entry
    if (table.length === 1 << width && width < 12) width += 1
  }
  return out
}

export function decodeGifDataUrl(dataUrl: string): { width: number; height: number; rgba: Uint8ClampedArray } {
  const prefix = 'data:image/gif;base64,'
  if (!dataUrl.startsWith(prefix)) throw new Error(`not a GIF data URL: ${dataUrl.slice(0, 40)}`)
  const bytes = new Uint8Array(Buffer.from(dataUrl.slice(prefix.length), 'base64'))
  const u16 = (at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8)
  const packed = bytes[10] ?? 0
  let at = 13
  const palette: number[][] = []
  if (packed & 0x80) {
    const colours = 1 << ((packed & 7) + 1)
    for (let i = 0; i < colours; i += 1, at += 3) palette.push([bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0])
  }
  const skipSubBlocks = () => {
    while ((bytes[at] ?? 0) !== 0) at += (bytes[at] ?? 0) + 1
    at += 1
  }
  while (at < bytes.length) {
    const block = bytes[at]
    if (block === 0x21) {
      at += 2
      skipSubBlocks()
    } else if (block === 0x2c) {
      const width = u16(at + 5)
      const height = u16(at + 7)
      const minCodeSize = bytes[at + 10] ?? 2
      at += 11
      const chunks: number[] = []
      while ((bytes[at] ?? 0) !== 0) {
        const size = bytes[at] ?? 0
        chunks.push(...bytes.subarray(at + 1, at + 1 + size))
        at += size + 1
      }
      const indices = lzwDecode(minCodeSize, Uint8Array.from(chunks), width * height)
      const rgba = new Uint8ClampedArray(width * height * 4)
      indices.forEach((index, i) => {
        const [r = 0, g = 0, b = 0] = palette[index] ?? []
        rgba.set([r, g, b, 255], i * 4)
      })
      return { width, height, rgba }
    } else {
      break
    }
  }
  throw new Error('no image in the GIF')
}
