import { PNG } from 'pngjs';

/** A real PNG of `width` × `height` pixels, each a different colour so that it does not compress to nothing. */
export function pngPhoto(width = 64, height = 48): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = i % 251;
    png.data[i + 1] = (i * 7) % 253;
    png.data[i + 2] = (i * 13) % 255;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}
